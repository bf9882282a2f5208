// Taking the ID Token parameter apart (shared/idToken/compactToken.ts): what counts as no token, and what the
// refusal says about a value that is not a compact JWT. Never the token itself: only its shape.
import { MAX_TOKEN_LENGTH, parseCompactToken, tokenText } from '../../nodes/HubspotVisitorIdentification/shared/idToken/compactToken';
import { IdTokenFailure } from '../../nodes/HubspotVisitorIdentification/shared/idToken/failure';
import { encodeSegment } from '../support/login-provider';

const HEADER = encodeSegment({ alg: 'RS256', typ: 'JWT' });
const PAYLOAD = encodeSegment({ iss: 'https://login.example.com/', sub: 'user-1' });
const SIGNATURE = Buffer.alloc(256, 7).toString('base64url');

function malformed(text: string): IdTokenFailure {
	const result = parseCompactToken(text);
	if (!(result instanceof IdTokenFailure)) throw new Error(`expected a refusal, got a token with header ${JSON.stringify(result.header)}`);
	expect(result).toMatchObject({ code: 'ID_TOKEN_MALFORMED', check: 'format', httpStatus: 401 });
	return result;
}

describe('the ID Token parameter: with or without "Bearer ", empty means no token', () => {
	it.each([
		['nothing', undefined],
		['null (an expression that found no header)', null],
		['an empty text', ''],
		['only "Bearer"', 'Bearer'],
		['"Bearer " and spaces', '  Bearer   '],
	])('%s is no token (ID_TOKEN_MISSING, not malformed)', (_what, raw) => {
		expect(tokenText(raw)).toBeUndefined();
	});

	it.each([
		['the token alone', 'aaa.bbb.ccc'],
		['"Bearer " in front', 'Bearer aaa.bbb.ccc'],
		['lower-case scheme, several spaces, a tab and a newline', ' bearer \t  aaa.bbb.ccc\n'],
	])('%s gives the token', (_what, raw) => {
		expect(tokenText(raw)).toBe('aaa.bbb.ccc');
	});

	it('only a leading "Bearer" is the scheme: the word elsewhere stays, and the parse then says what is wrong', () => {
		expect(tokenText('token bearer aaa.bbb.ccc')).toBe('token bearer aaa.bbb.ccc');
		expect(tokenText('aaa.bbb.cccbearer')).toBe('aaa.bbb.cccbearer');
		expect(tokenText('Bearertoken')).toBe('Bearertoken');
	});

	it.each([
		['a number', 42, 'a number'],
		['a list', ['aaa.bbb.ccc'], 'a list'],
		['an object', { token: 'aaa.bbb.ccc' }, 'an object'],
		['a boolean', true, 'a boolean'],
	])('%s is malformed: the parameter must be text', (_what, raw, kind) => {
		const failure = tokenText(raw);
		expect(failure).toBeInstanceOf(IdTokenFailure);
		expect(failure).toMatchObject({ code: 'ID_TOKEN_MALFORMED', check: 'format' });
		expect((failure as IdTokenFailure).message).toContain(`the ID Token parameter must be text, but it is ${kind}.`);
	});
});

describe('a compact JWT: three base64url parts, header and payload JSON objects', () => {
	it('a well-formed token gives its header, payload, signed bytes and signature', () => {
		const token = parseCompactToken(`${HEADER}.${PAYLOAD}.${SIGNATURE}`);
		expect(token).toEqual({
			header: { alg: 'RS256', typ: 'JWT' },
			payload: { iss: 'https://login.example.com/', sub: 'user-1' },
			signingInput: Buffer.from(`${HEADER}.${PAYLOAD}`, 'ascii'),
			signature: Buffer.alloc(256, 7),
		});
	});

	it.each([
		['1 part', 'abcdef', 1],
		['2 parts', `${HEADER}.${PAYLOAD}`, 2],
		['4 parts', `${HEADER}.${PAYLOAD}.${SIGNATURE}.extra`, 4],
		['5 parts (an encrypted JWE)', `${HEADER}..iv.ciphertext.tag`, 5],
	])('%s: the refusal counts the parts', (_what, text, count) => {
		expect(malformed(text).message).toContain(`a compact JWT has 3 dot-separated parts, this one has ${count}.`);
	});

	it.each([
		['padding', `${HEADER}.${PAYLOAD}=.${SIGNATURE}`],
		['standard base64 characters', `${HEADER}.${PAYLOAD}.ab+c/d`],
		['a space inside', `${HEADER}.${PAYLOAD}.ab cd`],
	])('three parts with %s: the refusal says a part is not base64url, not a count', (_what, text) => {
		const message = malformed(text).message;
		expect(message).toContain('a part is not base64url-encoded.');
		expect(message).not.toContain('dot-separated');
	});

	it('a part of a length no base64url encoder produces (4n + 1) is refused, not guessed at', () => {
		expect(malformed(`${HEADER}.${PAYLOAD}.AAAAA`).message).toContain('a part is not base64url-encoded.');
	});

	it.each([
		['not JSON', encodeSegment('not json')],
		['a JSON list', encodeSegment([1])],
		['a JSON number', encodeSegment(1)],
		['a JSON text', encodeSegment('"RS256"')],
		['JSON null', encodeSegment('null')],
		['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')],
	])('a header that is %s: the refusal names the header', (_what, header) => {
		expect(malformed(`${header}.${PAYLOAD}.${SIGNATURE}`).message).toContain('the header is not a JSON object.');
	});

	it.each([
		['not JSON', encodeSegment('not json')],
		['a JSON list', encodeSegment([{ sub: 'user-1' }])],
		['a JSON number', encodeSegment(1)],
		['JSON null', encodeSegment('null')],
	])('a payload that is %s: the refusal names the payload', (_what, payload) => {
		expect(malformed(`${HEADER}.${payload}.${SIGNATURE}`).message).toContain('the payload is not a JSON object.');
	});

	it(`at most ${MAX_TOKEN_LENGTH} characters: exactly that many are parsed, one more is refused with both lengths`, () => {
		const prefix = `${HEADER}.${PAYLOAD}.`;
		const signatureLength = MAX_TOKEN_LENGTH - prefix.length;
		expect(signatureLength % 4).not.toBe(1); // a length base64url can have, so only the total length is at stake
		const longest = `${prefix}${'A'.repeat(signatureLength)}`;
		expect(longest).toHaveLength(16384);
		expect(parseCompactToken(longest)).toMatchObject({ header: { alg: 'RS256' }, signature: Buffer.alloc(Math.floor((signatureLength * 3) / 4)) });
		expect(malformed(`${longest}A`).message).toContain('it is 16385 characters long; at most 16384 are accepted.');
	});
});

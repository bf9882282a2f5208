// The two bounds on every answer, checked on in-memory streams with a deadline fired by hand (an
// AbortController stands in for AbortSignal.timeout): nothing here waits on the wall clock.
import { PassThrough } from 'node:stream';

import { AnswerTooLarge, AnswerTooLate, beforeDeadline, readWithin, type Deadline } from '../../nodes/HubspotVisitorIdentification/shared/answerReading';

function handFiredDeadline(ms = 1000): Deadline & { fire(): void } {
	const controller = new AbortController();
	return { signal: controller.signal, ms, fire: () => controller.abort() };
}

describe('readWithin: the body, at most the limit, before the deadline', () => {
	it('hands back every byte of a stream that ends within both bounds', async () => {
		const stream = new PassThrough();
		const reading = readWithin(stream, {}, 100, handFiredDeadline());
		stream.write('{"token"');
		stream.end(':1}');
		await expect(reading).resolves.toEqual(Buffer.from('{"token":1}'));
	});

	it('accepts exactly the limit, refuses one byte more and destroys the stream there', async () => {
		const exact = new PassThrough();
		const atLimit = readWithin(exact, {}, 4, handFiredDeadline());
		exact.end('abcd');
		await expect(atLimit).resolves.toEqual(Buffer.from('abcd'));

		const over = new PassThrough();
		const overLimit = readWithin(over, {}, 4, handFiredDeadline());
		over.write('abc');
		over.write('de');
		await expect(overLimit).rejects.toEqual(new AnswerTooLarge(4));
		expect(over.destroyed).toBe(true);
	});

	it('refuses a declared Content-Length over the limit before reading a byte', async () => {
		const stream = new PassThrough();
		await expect(readWithin(stream, { 'Content-Length': '5' }, 4, handFiredDeadline())).rejects.toBeInstanceOf(AnswerTooLarge);
		expect(stream.destroyed).toBe(true);
	});

	it('stops at the deadline with a timeout error that n8n-style classifiers recognise, and closes the stream', async () => {
		const stream = new PassThrough();
		const deadline = handFiredDeadline(1000);
		const reading = readWithin(stream, {}, 100, deadline);
		stream.write('{"tok');
		deadline.fire();
		const error = await reading.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AnswerTooLate);
		expect(error).toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/1000 ms \(timed out\)/) });
		expect(stream.destroyed).toBe(true);
	});

	it("turns the client's own cancellation into the deadline passing when this deadline cancelled it", async () => {
		const stream = new PassThrough();
		const deadline = handFiredDeadline();
		const reading = readWithin(stream, {}, 100, deadline);
		deadline.fire();
		stream.destroy(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }));
		await expect(reading).rejects.toBeInstanceOf(AnswerTooLate);
	});

	it('measures a body a client has already read instead of streaming it', async () => {
		await expect(readWithin({ token: 't' }, {}, 100, handFiredDeadline())).resolves.toEqual({ token: 't' });
		await expect(readWithin('x'.repeat(101), {}, 100, handFiredDeadline())).rejects.toBeInstanceOf(AnswerTooLarge);
	});
});

describe('beforeDeadline: the wait for the answer to start', () => {
	it('passes an answer through, and an error that is not the deadline unchanged', async () => {
		await expect(beforeDeadline(Promise.resolve({ body: 'ok' }), handFiredDeadline())).resolves.toEqual({ body: 'ok' });
		const refused = new Error('ECONNREFUSED');
		await expect(beforeDeadline(Promise.reject(refused), handFiredDeadline())).rejects.toBe(refused);
	});

	it('gives up at the deadline, and closes an answer that arrives after it unread', async () => {
		const deadline = handFiredDeadline();
		let arrive: (answer: { body: PassThrough }) => void = () => undefined;
		const late = new Promise<{ body: PassThrough }>((resolve) => (arrive = resolve));
		const waiting = beforeDeadline(late, deadline);
		deadline.fire();
		await expect(waiting).rejects.toBeInstanceOf(AnswerTooLate);
		const body = new PassThrough();
		arrive({ body });
		await new Promise((resolve) => setImmediate(resolve));
		expect(body.destroyed).toBe(true);
	});
});

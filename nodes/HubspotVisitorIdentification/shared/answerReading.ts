/**
 * A request's whole answer under two bounds, both enforced while it arrives: a deadline for everything
 * (connecting, the headers, the last byte of the body) and a size limit on the body. n8n's own `timeout` is
 * an idle timeout: a server that sends one byte every few seconds never trips it, and n8n buffers a body of
 * any size before handing it over. So the answer is asked for as a stream and read here.
 */

/** The deadline passed before the whole answer arrived. Carries a timeout code, as n8n's own timeouts do. */
export class AnswerTooLate extends Error {
	readonly code = 'ETIMEDOUT';

	constructor(readonly deadlineMs: number) {
		super(`The whole answer did not arrive within ${deadlineMs} ms (timed out)`);
		this.name = 'AnswerTooLate';
	}
}

/** The body grew past the limit; reading stopped there and the connection was closed. */
export class AnswerTooLarge extends Error {
	constructor(readonly limitBytes: number) {
		super(`The answer is larger than ${limitBytes} bytes`);
		this.name = 'AnswerTooLarge';
	}
}

/**
 * One request's deadline. `AbortSignal.timeout` rather than a timer: its clock does not keep the n8n
 * process alive, needs no clearing, and is n8n's own cancellation type (requests accept it as `abortSignal`).
 */
export interface Deadline {
	signal: AbortSignal;
	ms: number;
}

export function deadlineIn(ms: number): Deadline {
	return { signal: AbortSignal.timeout(ms), ms };
}

/** The part of a Node.js readable stream (n8n hands over its IncomingMessage) this file uses. */
interface ByteStream {
	on(event: string, listener: (...args: never[]) => void): ByteStream;
	off(event: string, listener: (...args: never[]) => void): ByteStream;
	destroy(error?: Error): void;
}

function isStream(body: unknown): body is ByteStream {
	return typeof body === 'object' && body !== null && typeof (body as ByteStream).on === 'function' && typeof (body as ByteStream).destroy === 'function';
}

/** Closes an answer nobody will read, so its connection does not stay open. */
export function discard(body: unknown): void {
	if (isStream(body)) body.destroy();
}

/**
 * Waits for `work` (the request, up to its headers) no longer than the deadline. n8n may replace a request's
 * own abort signal with the execution's, so the wait is bounded here whatever the client does; an answer
 * that still arrives afterwards is closed unread.
 */
export async function beforeDeadline<T extends { body?: unknown }>(work: Promise<T>, deadline: Deadline): Promise<T> {
	return await new Promise<T>((resolve, reject) => {
		let late = false;
		const onDeadline = () => {
			late = true;
			reject(new AnswerTooLate(deadline.ms));
		};
		if (deadline.signal.aborted) onDeadline();
		else deadline.signal.addEventListener('abort', onDeadline, { once: true });
		work.then(
			(answer) => {
				deadline.signal.removeEventListener('abort', onDeadline);
				if (late) discard(answer?.body);
				else resolve(answer);
			},
			(error: unknown) => {
				deadline.signal.removeEventListener('abort', onDeadline);
				reject(overdue(error, deadline));
			},
		);
	});
}

/** The client's own cancellation, when it was this deadline that cancelled it, is the deadline passing. */
function overdue<E>(error: E, deadline: Deadline): E | AnswerTooLate {
	return deadline.signal.aborted ? new AnswerTooLate(deadline.ms) : error;
}

function declaredLength(headers: Record<string, unknown> | undefined): number | undefined {
	const key = Object.keys(headers ?? {}).find((name) => name.toLowerCase() === 'content-length');
	const value = key === undefined ? undefined : Number(String(headers?.[key]));
	return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function sizeOf(body: unknown): number {
	if (Buffer.isBuffer(body)) return body.length;
	if (typeof body === 'string') return Buffer.byteLength(body);
	return body === undefined ? 0 : Buffer.byteLength(JSON.stringify(body) ?? '');
}

/**
 * The body, at most `limitBytes` and before the deadline. A stream is read here and destroyed the moment
 * either bound is crossed (a `Content-Length` over the limit is refused before reading anything); a body a
 * client has already read is only measured.
 */
export async function readWithin(body: unknown, headers: Record<string, unknown> | undefined, limitBytes: number, deadline: Deadline): Promise<unknown> {
	if (!isStream(body)) {
		if (sizeOf(body) > limitBytes) throw new AnswerTooLarge(limitBytes);
		return body;
	}
	const stream = body;
	if ((declaredLength(headers) ?? 0) > limitBytes) {
		stream.destroy();
		throw new AnswerTooLarge(limitBytes);
	}
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let received = 0;
		const stop = (error: Error | undefined, value?: Buffer) => {
			stream.off('data', onData).off('end', onEnd).off('error', onError);
			deadline.signal.removeEventListener('abort', onDeadline);
			if (error) {
				stream.destroy();
				reject(error);
			} else resolve(value as Buffer);
		};
		const onData = (chunk: Buffer | string) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			received += bytes.length;
			if (received > limitBytes) stop(new AnswerTooLarge(limitBytes));
			else chunks.push(bytes);
		};
		const onEnd = () => stop(undefined, Buffer.concat(chunks));
		const onError = (error: Error) => stop(overdue(error, deadline));
		const onDeadline = () => stop(new AnswerTooLate(deadline.ms));
		if (deadline.signal.aborted) return onDeadline();
		deadline.signal.addEventListener('abort', onDeadline, { once: true });
		stream.on('data', onData).on('end', onEnd).on('error', onError);
	});
}

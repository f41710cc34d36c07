import type { RequestInput, RequestType, ResponseData } from '../shared/messaging/protocol';

/** The typed request function content-script code receives (the messaging client's `request`, or a test's). */
export type Request = <T extends RequestType>(type: T, payload: RequestInput<T>) => Promise<ResponseData[T]>;

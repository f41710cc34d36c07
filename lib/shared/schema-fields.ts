import * as v from 'valibot';

// Small valibot building blocks shared by the settings schema and the request schemas.

export const ShortText = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const NullableShortText = (max: number) => v.nullable(ShortText(max));
export const IsoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());

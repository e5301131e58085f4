/** Any JSON value: what a scenario file or a fixture can hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

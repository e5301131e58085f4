// What an API reads of a request: the parts of a fetch Request the emulator uses. msw hands the APIs
// real Requests; the standalone server hands them a lighter object over node:http's own request, since
// building a fetch Request costs more than answering most requests does.
export type ApiRequest = Pick<Request, 'method' | 'url' | 'headers' | 'signal' | 'body' | 'bodyUsed' | 'text' | 'arrayBuffer' | 'clone'>

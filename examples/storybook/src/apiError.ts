// How the UI turns an API's error response into one line a user can read: the Kubernetes Status
// message (OpenShift, CCI), Glance's own `message`, or the status line when the body says nothing.
export class ApiError extends Error {
  readonly status: number
  /** Seconds the server asked the client to wait (429, 503). */
  readonly retryAfter: number | undefined

  constructor(status: number, message: string, retryAfter?: number) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.retryAfter = retryAfter
  }
}

export async function apiError(response: Response): Promise<ApiError> {
  const text = await response.text()
  let message = `${response.status} ${response.statusText}`.trim()
  try {
    const body = JSON.parse(text) as { message?: unknown; reason?: unknown }
    if (typeof body.message === 'string' && body.message) message = body.message.replace(/<br \/>/g, ' ').replace(/\s+/g, ' ').trim()
  } catch {
    if (text.trim() && !text.trimStart().startsWith('<')) message = text.trim()
  }
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10)
  return new ApiError(response.status, message, Number.isFinite(retryAfter) ? retryAfter : undefined)
}

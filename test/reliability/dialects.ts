// What a well-formed error looks like in each API's dialect: a Kubernetes Status (or the plain
// `404 page not found` outside the served groups, K-2), or a WebOb error page in the format the
// Accept header picked (glance.md §3), or keystonemiddleware's JSON 401 (G2.2).

export interface Answer {
  status: number
  headers: Headers
  text: string
}

/** Why `answer` is not a well-formed Kubernetes error, or undefined when it is. */
export function kubeErrorProblem(answer: Answer): string | undefined {
  const type = answer.headers.get('content-type') ?? ''
  if (answer.status === 404 && type.startsWith('text/plain')) {
    return answer.text === '404 page not found\n' ? undefined : `plain 404 with body ${JSON.stringify(answer.text.slice(0, 80))}`
  }
  // K-4: the priority-and-fairness throttle answers in plain text.
  if (answer.status === 429 && type.startsWith('text/plain')) return undefined
  if (type !== 'application/json') return `content-type ${type}`
  if (!answer.text.endsWith('\n')) return 'body does not end with a newline (K-1)'
  let status: any
  try {
    status = JSON.parse(answer.text)
  } catch {
    return `not JSON: ${answer.text.slice(0, 80)}`
  }
  if (status.kind !== 'Status' || status.apiVersion !== 'v1' || status.status !== 'Failure') return `not a Failure Status: ${answer.text.slice(0, 120)}`
  if (status.code !== answer.status) return `code ${status.code} on a ${answer.status}`
  if (typeof status.message !== 'string' || !status.message) return 'no message'
  if (JSON.stringify(status.metadata) !== '{}' && !(status.metadata && typeof status.metadata.continue === 'string')) return 'metadata is not {}'
  return undefined
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable',
  431: 'Request Header Fields Too Large',
}

/** Why `answer` is not a well-formed Glance error, or undefined when it is. */
export function glanceErrorProblem(answer: Answer): string | undefined {
  const type = answer.headers.get('content-type') ?? ''
  if (answer.status === 401) {
    if (type !== 'application/json') return `401 as ${type}`
    const body = JSON.parse(answer.text)
    return body?.error?.code === 401 && body.error.title === 'Unauthorized' ? undefined : `401 body ${answer.text}`
  }
  const title = titles[answer.status]
  if (!title) return `unexpected status ${answer.status}`
  const line = `${answer.status} ${title}`
  if (answer.status === 405 && !answer.headers.get('allow')) return '405 without Allow'
  if (type === 'text/html; charset=UTF-8') {
    return answer.text.startsWith(`<html>\n <head>\n  <title>${line}</title>`) ? undefined : `HTML page ${answer.text.slice(0, 80)}`
  }
  if (type === 'application/json') {
    const body = JSON.parse(answer.text)
    return body.code === line && body.title === title && typeof body.message === 'string' ? undefined : `JSON error ${answer.text.slice(0, 120)}`
  }
  if (type === 'text/plain; charset=UTF-8') return answer.text.startsWith(`${line}\n\n`) ? undefined : `plain error ${answer.text.slice(0, 80)}`
  return `content-type ${type}`
}

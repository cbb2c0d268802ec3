/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeRedirect(value: unknown, fallback = '/customers'): string {
  const path = Array.isArray(value) ? value[0] : value
  if (
    typeof path === 'string' &&
    path.startsWith('/') &&
    !path.startsWith('//') &&
    !path.startsWith('/\\') &&
    !/^\/login(?:[/?#]|$)/.test(path)
  ) {
    return path
  }
  return fallback
}

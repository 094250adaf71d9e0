/**
 * One policy for the Electron window and the browser host: no remote code, no inline script or style,
 * no eval, and connections (browser mode's WebSocket included) only to the app's own origin.
 * src/renderer/index.html carries the same policy as a <meta>, for the desktop's file:// page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The widget hard-codes a few images on MX's CDN (the client logo on the connecting
// and connected steps). A self-hosted Polyfin must not depend on, or leak users to,
// that host: those image URLs are replaced by Polyfin's own before any request.

const MX_CDN = 'https://content.moneydesktop.com/'

const CLIENT_LOGO =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
      '<rect width="64" height="64" rx="12" fill="#1f4e8c"/>' +
      '<text x="32" y="42" font-family="Helvetica,Arial,sans-serif" font-size="30" ' +
      'font-weight="700" fill="#fff" text-anchor="middle">P</text></svg>',
  )

function localImage(url) {
  return typeof url === 'string' && url.startsWith(MX_CDN) ? CLIENT_LOGO : url
}

export function keepImagesLocal() {
  const setAttribute = Element.prototype.setAttribute
  Element.prototype.setAttribute = function patchedSetAttribute(name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === 'src') {
      return setAttribute.call(this, name, localImage(value))
    }
    return setAttribute.call(this, name, value)
  }
  const descriptor = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')
  if (descriptor && descriptor.set) {
    Object.defineProperty(HTMLImageElement.prototype, 'src', {
      ...descriptor,
      set(value) {
        descriptor.set.call(this, localImage(value))
      },
    })
  }
}

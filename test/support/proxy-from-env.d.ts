/** proxy-from-env 2.1.0 ships no types; the one function the differential test calls. */
declare module 'proxy-from-env' {
  export function getProxyForUrl(url: string | URL): string;
}

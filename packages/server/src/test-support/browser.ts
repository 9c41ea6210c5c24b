/**
 * A minimal browser for single sign-on tests: real HTTP over the loopback with a cookie jar per host,
 * following redirects (303 turns a POST into a GET) and submitting the HTML forms identity providers
 * show, so the whole redirect flow runs as a browser would run it.
 */
export interface Page {
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  setCookie(url: string, name: string, value: string) {
    const host = new URL(url).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)?.set(name, value);
  }

  /** One request, no redirect followed. */
  async fetch(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    const headers: Record<string, string> = { ...init.headers };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(url, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq).trim();
      const value = (pair ?? '').slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0/i.test(c)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
    return { url, status: response.status, headers: response.headers, text: await response.text() };
  }

  /** Follows redirects until a page that is not one, or until `stop` says the URL is where to stop. */
  async navigate(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stop: (url: string) => boolean = () => false,
  ): Promise<Page> {
    let page = await this.fetch(url, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = page.headers.get('location');
      if (page.status < 300 || page.status >= 400 || !location) return page;
      const next = new URL(location, page.url).href;
      if (stop(next)) return { ...page, url: next };
      page = await this.fetch(next);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the (first) form of `page` with its hidden inputs and `fields`. */
  async submit(page: Page, fields: Record<string, string>, stop?: (url: string) => boolean): Promise<Page> {
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.text);
    if (!form) throw new Error(`no form on ${page.url}: ${page.text.slice(0, 300)}`);
    const values: Record<string, string> = {};
    for (const input of (form[2] ?? '').matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) values[name] = value.replace(/&amp;/g, '&').replace(/&#x2F;/g, '/');
    }
    const action = new URL((form[1] ?? '').replace(/&amp;/g, '&'), page.url).href;
    return this.navigate(action, { method: 'POST', form: { ...values, ...fields } }, stop);
  }
}

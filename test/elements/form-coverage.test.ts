import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { byLabel, controls, errorOf, formFor, nameOf, root, submit, type, until } from './helpers.js';
import type { ConnectForm } from '../../src/elements/form/form.js';
import type { ConnectErrorEvent } from '../../src/events.js';

/** Submits; the sent value when the submit passed, else undefined. */
async function submitted(el: ConnectForm): Promise<Record<string, unknown> | undefined> {
  let ok = false;
  const on = () => (ok = true);
  el.addEventListener('connect-form-submit', on);
  await submit(el);
  el.removeEventListener('connect-form-submit', on);
  return ok ? el.getValue() : undefined;
}

const button = (el: Element, name: string) => {
  const b = [...root(el).querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent!.replace(/\s+/g, ' ').trim()) === name);
  if (!b) throw new Error(`no button "${name}" among ${[...root(el).querySelectorAll('button')].map((x) => x.textContent!.trim()).join(' | ')}`);
  return b as HTMLButtonElement;
};

describe('<connect-form> schema coverage (SPEC)', () => {
  it('scalar types: string, number, integer, boolean, and null in a type list; numbers sent as numbers', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        s: { type: 'string' },
        n: { type: 'number' },
        i: { type: 'integer' },
        b: { type: 'boolean' },
        opt: { type: ['string', 'null'] },
      },
    });
    expect(controls(el).map(nameOf)).to.deep.equal(['S', 'N', 'I', 'B', 'Opt']);
    expect(byLabel(el, 'B').type).to.equal('checkbox');
    await type(el, byLabel(el, 's'.toUpperCase()), 'text');
    await type(el, byLabel(el, 'N'), '3.5');
    await type(el, byLabel(el, 'I'), '42');
    // An unticked box is still sent; an optional empty field is left out.
    expect(await submitted(el)).to.deep.equal({ s: 'text', n: 3.5, i: 42, b: false });
    byLabel(el, 'B').click();
    await el.updateComplete;
    expect(await submitted(el)).to.deep.equal({ s: 'text', n: 3.5, i: 42, b: true });
  });

  it('a number that is not one, and a fraction in an integer, get clear messages', async () => {
    const el = await formFor({ type: 'object', properties: { n: { type: 'number' }, i: { type: 'integer' } } });
    await type(el, byLabel(el, 'N'), '12abc');
    await type(el, byLabel(el, 'I'), '1.5');
    expect(errorOf(el, byLabel(el, 'N'))).to.equal('Enter a number, like 42 or 3.5');
    expect(errorOf(el, byLabel(el, 'I'))).to.equal('Enter a whole number, like 42');
    expect(await submitted(el)).to.equal(undefined);
    // What the user typed is kept.
    expect(byLabel(el, 'N').value).to.equal('12abc');
  });

  it('nested object is a fieldset; an optional one left empty is left out, enforced once filled', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        proxy: { type: 'object', title: 'Proxy', properties: { host: { type: 'string' }, port: { type: 'integer' } }, required: ['host'] },
      },
    });
    const legend = root(el).querySelector('fieldset legend')!;
    expect(legend.textContent!.trim()).to.equal('Proxy');
    expect(nameOf(byLabel(el, 'Host'))).to.equal('Host (required)');
    expect(await submitted(el)).to.deep.equal({});
    await type(el, byLabel(el, 'Port'), '8080');
    expect(await submitted(el)).to.equal(undefined);
    expect(errorOf(el, byLabel(el, 'Host'))).to.equal('Enter Host');
    await type(el, byLabel(el, 'Host'), 'proxy.local');
    expect(await submitted(el)).to.deep.equal({ proxy: { host: 'proxy.local', port: 8080 } });
  });

  it('array of scalars is a list editor with "Add ..." and "Remove" per row; minItems and maxItems', async () => {
    const el = await formFor({ type: 'object', properties: { scopes: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 } } });
    expect(controls(el).map(nameOf)).to.deep.equal(['Scopes 1']);
    button(el, 'Add to Scopes').click();
    await el.updateComplete;
    expect(controls(el).map(nameOf)).to.deep.equal(['Scopes 1', 'Scopes 2']);
    expect(button(el, 'Add to Scopes').disabled, 'maxItems reached').to.equal(true);
    await type(el, byLabel(el, 'Scopes 1'), 'read');
    await type(el, byLabel(el, 'Scopes 2'), 'write');
    expect(await submitted(el)).to.deep.equal({ scopes: ['read', 'write'] });
    button(el, 'Remove Scopes 1').click();
    await el.updateComplete;
    expect(controls(el).map((c) => (c as HTMLInputElement).value)).to.deep.equal(['write']);
    expect(await submitted(el)).to.deep.equal({ scopes: ['write'] });
  });

  it('minItems on an empty list shows "Add at least ..."', async () => {
    const el = await formFor({ type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, minItems: 2 } }, required: ['tags'] });
    await type(el, byLabel(el, 'Tags 1'), 'a');
    expect(await submitted(el)).to.equal(undefined);
    expect(root(el).querySelector('[data-kind=list] > .error')!.textContent).to.equal('Add at least 2 entries');
  });

  it('array of objects is a repeatable group', async () => {
    const el = await formFor({
      type: 'object',
      properties: { headers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } }, required: ['name'] } } },
    });
    button(el, 'Add to Headers').click();
    await el.updateComplete;
    const legends = [...root(el).querySelectorAll('fieldset fieldset legend')].map((l) => l.textContent!.trim());
    expect(legends).to.deep.equal(['Headers 1']);
    await type(el, byLabel(el, 'Name'), 'X-Team');
    await type(el, byLabel(el, 'Value'), 'core');
    expect(await submitted(el)).to.deep.equal({ headers: [{ name: 'X-Team', value: 'core' }] });
  });

  it('object with only additionalProperties is a key/value editor with "Key" and "Value" inputs', async () => {
    const el = await formFor({ type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } });
    button(el, 'Add entry to Labels').click();
    await el.updateComplete;
    expect(controls(el).map(nameOf)).to.deep.equal(['Key', 'Value']);
    // Laid out as one line: Key, Value, and a "Remove" button level with the inputs, not as tall as the row.
    const keyBox = byLabel(el, 'Key').getBoundingClientRect();
    const removeBox = button(el, 'Remove entry 1').getBoundingClientRect();
    expect(button(el, 'Remove entry 1').textContent!.trim()).to.equal('Remove');
    expect(Math.abs(removeBox.bottom - keyBox.bottom)).to.be.below(2);
    expect(removeBox.height).to.be.below(keyBox.height * 1.5);
    expect(byLabel(el, 'Value').getBoundingClientRect().width).to.be.above(keyBox.width);
    await type(el, byLabel(el, 'Key'), 'env');
    await type(el, byLabel(el, 'Value'), 'prod');
    button(el, 'Add entry to Labels').click();
    await el.updateComplete;
    const keys = controls(el).filter((c) => nameOf(c) === 'Key') as HTMLInputElement[];
    await type(el, keys[1]!, 'env');
    expect(await submitted(el)).to.equal(undefined);
    expect(errorOf(el, keys[1]!)).to.equal('This key is already used: choose another');
    button(el, 'Remove entry 2').click();
    await el.updateComplete;
    expect(await submitted(el)).to.deep.equal({ labels: { env: 'prod' } });
  });

  it('enum: radios for a few choices, a select for many; x-widget overrides', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        region: { type: 'string', enum: ['us', 'eu'] },
        zone: { type: 'string', enum: ['a', 'b', 'c', 'd', 'e'] },
        tier: { type: 'string', enum: ['free', 'pro'], 'x-widget': 'select' },
      },
    });
    expect(root(el).querySelectorAll('input[type=radio][name]')).to.have.length(2);
    expect(root(el).querySelectorAll('select')).to.have.length(2);
    const eu = [...root(el).querySelectorAll<HTMLInputElement>('input[type=radio]')].find((r) => r.labels![0]!.textContent!.trim() === 'eu')!;
    eu.click();
    const zone = byLabel(el, 'Zone') as unknown as HTMLSelectElement;
    zone.value = '2';
    zone.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(await submitted(el)).to.deep.equal({ region: 'eu', zone: 'c' });
  });

  it('oneOf/anyOf of {const, title} are labelled choices; const is not shown and is sent as is', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        kind: {
          oneOf: [
            { const: 'pat', title: 'Personal access token' },
            { const: 'app', title: 'GitHub App' },
          ],
        },
        version: { const: 2 },
      },
    });
    const labels = [...root(el).querySelectorAll<HTMLInputElement>('input[type=radio]')].map((r) => r.labels![0]!.textContent!.trim());
    expect(labels).to.deep.equal(['Personal access token', 'GitHub App']);
    expect(controls(el)).to.have.length(2);
    root(el).querySelectorAll<HTMLInputElement>('input[type=radio]')[1]!.click();
    await el.updateComplete;
    expect(await submitted(el)).to.deep.equal({ kind: 'app', version: 2 });
  });

  it('default prefills, examples[0] is the placeholder, title labels, a key is made readable', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        baseUrl: { type: 'string', default: 'https://api.example.com' },
        account_name: { type: 'string', examples: ['acme-prod'] },
        x: { type: 'string', title: 'Tenant' },
      },
    });
    expect(controls(el).map(nameOf)).to.deep.equal(['Base URL', 'Account name', 'Tenant']);
    expect(byLabel(el, 'Base URL').value).to.equal('https://api.example.com');
    expect(byLabel(el, 'Account name').placeholder).to.equal('acme-prod');
    expect(await submitted(el)).to.deep.equal({ baseUrl: 'https://api.example.com' });
  });

  it("description is the control's accessible description; a long one opens in a positioned popover, closed by Escape", async () => {
    const long = 'The region of your account. '.repeat(8);
    const el = await formFor({ type: 'object', properties: { short: { type: 'string', description: 'A short hint.' }, region: { type: 'string', description: long } } });
    const short = byLabel(el, 'Short');
    expect(root(el).getElementById(short.getAttribute('aria-describedby')!)!.textContent).to.equal('A short hint.');
    const region = byLabel(el, 'Region');
    const pop = root(el).getElementById(region.getAttribute('aria-describedby')!)!;
    expect(pop.textContent).to.equal(long);
    expect(pop.hidden).to.equal(true);
    const about = button(el, 'About Region');
    about.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(pop.hidden).to.equal(false);
    expect(about.getAttribute('aria-expanded')).to.equal('true');
    // Floating UI (fetched on this first open) placed it next to its button.
    await until(() => pop.style.top !== '');
    const b = about.getBoundingClientRect();
    const p = pop.getBoundingClientRect();
    expect(Math.abs(p.top - b.bottom - 6)).to.be.lessThan(2);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(pop.hidden).to.equal(true);
    expect(root(el).activeElement).to.equal(about);
  });

  it('validation keywords get human messages', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        a: { type: 'string', minLength: 3 },
        b: { type: 'string', maxLength: 2 },
        c: { type: 'string', pattern: '^[a-z]+$', examples: ['abc'] },
        d: { type: 'number', minimum: 1 },
        e: { type: 'number', maximum: 10 },
        f: { type: 'number', exclusiveMinimum: 0 },
        g: { type: 'number', exclusiveMaximum: 5 },
        h: { type: 'number', multipleOf: 5 },
        email: { type: 'string', format: 'email' },
        host: { type: 'string', format: 'hostname' },
        id: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
        url: { type: 'string', format: 'uri' },
      },
    });
    const cases: [string, string, string][] = [
      ['A', 'ab', 'Enter at least 3 characters'],
      ['B', 'abc', 'Enter at most 2 characters'],
      ['C', 'ABC', 'Enter C in the expected format, like abc'],
      ['D', '0', 'Enter a number of at least 1'],
      ['E', '11', 'Enter a number of at most 10'],
      ['F', '0', 'Enter a number greater than 0'],
      ['G', '5', 'Enter a number less than 5'],
      ['H', '7', 'Enter a multiple of 5'],
      ['Email', 'nope', 'Enter an email address like name@example.com'],
      ['Host', 'not a host!', 'Enter a host name like api.example.com'],
      ['ID', '123', 'Enter an ID like 123e4567-e89b-12d3-a456-426614174000'],
      ['At', 'yesterday', 'Enter a date and time like 2025-01-31T09:30:00Z'],
      ['URL', 'example', 'Enter a URL like https://example.com'],
    ];
    for (const [label, value] of cases) await type(el, byLabel(el, label), value);
    for (const [label, , message] of cases) expect(errorOf(el, byLabel(el, label)), label).to.equal(message);
    expect(byLabel(el, 'Email').type).to.equal('email');
    expect(byLabel(el, 'URL').type).to.equal('url');
  });

  it('pattern is enforced with the u flag and never copied into <input pattern>', async () => {
    // \p{L} is valid only with the u flag; [a-z-_] is valid with u but rejected by the v flag browsers use.
    const el = await formFor({ type: 'object', properties: { word: { type: 'string', pattern: '^\\p{L}+$' }, slug: { type: 'string', pattern: '^[a-z-_]+$' } } });
    expect(root(el).querySelector('[pattern]')).to.equal(null);
    await type(el, byLabel(el, 'Word'), 'héllo');
    await type(el, byLabel(el, 'Slug'), 'ab_c');
    expect(errorOf(el, byLabel(el, 'Word'))).to.equal('');
    expect(await submitted(el)).to.deep.equal({ word: 'héllo', slug: 'ab_c' });
    await type(el, byLabel(el, 'Word'), 'h3llo');
    expect(errorOf(el, byLabel(el, 'Word'))).to.equal('Enter Word in the expected format');
  });

  it('secret fields (writeOnly, format password, x-secret): masked, reveal toggle, never prefilled', async () => {
    const el = await formFor(
      { type: 'object', properties: { a: { type: 'string', writeOnly: true }, b: { type: 'string', format: 'password', default: 'dflt' }, c: { type: 'string', 'x-secret': true } } },
      { a: 'given', c: 'given' },
    );
    for (const label of ['A', 'B', 'C']) {
      expect(byLabel(el, label).type).to.equal('password');
      expect(byLabel(el, label).value).to.equal('');
    }
    const reveal = button(el, 'Show A');
    expect(reveal.getAttribute('aria-pressed')).to.equal('false');
    reveal.click();
    await el.updateComplete;
    expect(byLabel(el, 'A').type).to.equal('text');
    expect(reveal.getAttribute('aria-pressed')).to.equal('true');
    reveal.click();
    await el.updateComplete;
    expect(byLabel(el, 'A').type).to.equal('password');
  });

  it('readOnly is shown, not editable, not sent', async () => {
    const el = await formFor({ type: 'object', properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } } }, { id: 'conn_123', name: 'n' });
    const id = byLabel(el, 'ID');
    expect(id.readOnly).to.equal(true);
    expect(id.value).to.equal('conn_123');
    expect(await submitted(el)).to.deep.equal({ name: 'n' });
  });

  it('allOf is merged, including one-element wrappers; local $ref into $defs and definitions', async () => {
    const el = await formFor({
      type: 'object',
      $defs: { token: { type: 'string', writeOnly: true, title: 'Token' } },
      definitions: { region: { type: 'string', enum: ['us', 'eu'] } },
      allOf: [{ properties: { a: { allOf: [{ type: 'string', description: 'Wrapped.' }] } } }, { required: ['a'] }],
      properties: { token: { $ref: '#/$defs/token' }, region: { $ref: '#/definitions/region' } },
    });
    expect(controls(el).map(nameOf)).to.deep.equal(['Token', 'us', 'eu', 'A (required)']);
    expect(byLabel(el, 'Token').type).to.equal('password');
    expect(await submitted(el)).to.equal(undefined);
    expect(errorOf(el, byLabel(el, 'A'))).to.equal('Enter A');
  });

  it('if/then/else: fields appear and become required as others change', async () => {
    const el = await formFor({
      type: 'object',
      properties: { auth: { type: 'string', enum: ['basic', 'token'] } },
      required: ['auth'],
      if: { properties: { auth: { const: 'basic' } }, required: ['auth'] },
      then: { properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } }, required: ['username', 'password'] },
      else: { properties: { token: { type: 'string', writeOnly: true } }, required: ['token'] },
    });
    expect(controls(el).map(nameOf)).to.deep.equal(['basic', 'token', 'Token (required)']);
    root(el).querySelector<HTMLInputElement>('input[type=radio]')!.click();
    await el.updateComplete;
    expect(controls(el).map(nameOf)).to.deep.equal(['basic', 'token', 'Username (required)', 'Password (required)']);
    expect(await submitted(el)).to.equal(undefined);
    await type(el, byLabel(el, 'Username'), 'me');
    await type(el, byLabel(el, 'Password'), 'pw');
    expect(await submitted(el)).to.deep.equal({ auth: 'basic', username: 'me', password: 'pw' });
  });

  it('dependentRequired and dependentSchemas', async () => {
    const el = await formFor({
      type: 'object',
      properties: { proxyHost: { type: 'string' }, proxyPort: { type: 'integer' }, useTls: { type: 'boolean' } },
      dependentRequired: { proxyHost: ['proxyPort'] },
      dependentSchemas: { proxyPort: { properties: { proxyUser: { type: 'string' } }, required: ['proxyUser'] } },
    });
    expect(nameOf(byLabel(el, 'Proxy port'))).to.equal('Proxy port');
    await type(el, byLabel(el, 'Proxy host'), 'h');
    expect(nameOf(byLabel(el, 'Proxy port'))).to.equal('Proxy port (required)');
    await type(el, byLabel(el, 'Proxy port'), '3128');
    expect(nameOf(byLabel(el, 'Proxy user'))).to.equal('Proxy user (required)');
    expect(await submitted(el)).to.equal(undefined);
    await type(el, byLabel(el, 'Proxy user'), 'u');
    expect(await submitted(el)).to.deep.equal({ proxyHost: 'h', proxyPort: 3128, proxyUser: 'u', useTls: false });
  });

  it('a rule that spans fields updates every field it names when one of them is typed in (the form keeps its fields and re-checks what changed)', async () => {
    const el = await formFor({
      type: 'object',
      properties: { token: { type: 'string', title: 'Token' }, username: { type: 'string', title: 'Username' }, host: { type: 'string', title: 'Host', maxLength: 3 } },
      anyOf: [{ required: ['token'] }, { required: ['username'] }],
    });
    expect(await submitted(el)).to.equal(undefined);
    expect(errorOf(el, byLabel(el, 'Token'))).to.equal('Enter Token');
    expect(errorOf(el, byLabel(el, 'Username'))).to.equal('Enter Username');
    // Typing into Username alone: Token's error goes too, and comes back when Username is emptied.
    await type(el, byLabel(el, 'Username'), 'me');
    expect(errorOf(el, byLabel(el, 'Token'))).to.equal('');
    expect(errorOf(el, byLabel(el, 'Username'))).to.equal('');
    await type(el, byLabel(el, 'Host'), 'toolong');
    expect(errorOf(el, byLabel(el, 'Host'))).to.not.equal('');
    await type(el, byLabel(el, 'Username'), '');
    expect(errorOf(el, byLabel(el, 'Token'))).to.equal('Enter Token');
    expect(errorOf(el, byLabel(el, 'Host'))).to.not.equal('');
    await type(el, byLabel(el, 'Host'), 'abc');
    expect(errorOf(el, byLabel(el, 'Host'))).to.equal('');
    expect(errorOf(el, byLabel(el, 'Token'))).to.equal('Enter Token');
  });

  it('x-order, x-widget (textarea, select, radio, switch, hidden) and x-help-uri', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        notes: { type: 'string', 'x-widget': 'textarea', 'x-order': 3 },
        plan: { type: 'string', enum: ['a', 'b', 'c', 'd', 'e', 'f'], 'x-widget': 'radio', 'x-order': 2 },
        on: { type: 'boolean', 'x-widget': 'switch', 'x-order': 1, 'x-help-uri': 'https://docs.example.com/on' },
        source: { type: 'string', 'x-widget': 'hidden', default: 'widget' },
      },
    });
    expect(controls(el).map((c) => c.tagName.toLowerCase() + ':' + (c.getAttribute('role') ?? (c as HTMLInputElement).type))).to.deep.equal([
      'input:switch',
      ...Array(6).fill('input:radio'),
      'textarea:textarea',
    ]);
    const link = root(el).querySelector<HTMLAnchorElement>('a[href]')!;
    expect(link.href).to.equal('https://docs.example.com/on');
    expect(link.textContent).to.equal('Help for On');
    expect(await submitted(el)).to.deep.equal({ on: false, source: 'widget' });
  });

  it('a construct it cannot draw is a usable JSON text area', async () => {
    const el = await formFor({ type: 'object', properties: { filter: { not: { type: 'null' } }, free: { type: 'object' } } });
    const filter = byLabel(el, 'Filter') as unknown as HTMLTextAreaElement;
    expect(filter.tagName).to.equal('TEXTAREA');
    await type(el, filter as unknown as HTMLInputElement, '{"team": "core"');
    expect(errorOf(el, filter)).to.equal('Enter valid JSON, like {"name": "value"}');
    await type(el, filter as unknown as HTMLInputElement, '{"team": "core"}');
    await type(el, byLabel(el, 'Free'), '[1, 2]');
    expect(errorOf(el, byLabel(el, 'Free'))).to.equal('Enter a JSON value of the expected type');
    await type(el, byLabel(el, 'Free'), '{"a": 1}');
    expect(await submitted(el)).to.deep.equal({ filter: { team: 'core' }, free: { a: 1 } });
  });

  it('a broken schema shows an error state and fires connect-error, never throws', async () => {
    const errors: ConnectErrorEvent[] = [];
    const listener = (e: Event) => errors.push(e as ConnectErrorEvent);
    document.addEventListener('connect-error', listener);
    try {
      const badRef = await formFor({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } });
      expect(root(badRef).querySelector('[role=alert]')!.textContent).to.contain('The reference "#/$defs/missing" does not resolve.');
      const badPattern = await formFor({ type: 'object', properties: { a: { type: 'string', pattern: '[' } } });
      expect(root(badPattern).querySelector('[role=alert]')!.textContent).to.contain('The pattern "[" is not a valid regular expression.');
      const broken = await formFor('not a schema');
      await broken.updateComplete;
      expect(root(broken).querySelector('[role=alert]')!.textContent).to.contain('This form cannot be shown');
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['invalid-connector', 'invalid-connector', 'invalid-connector']);
      const wrongType = await formFor({ type: 'string' });
      expect(root(wrongType).querySelector('[role=alert]')!.textContent).to.contain('must describe an object');
    } finally {
      document.removeEventListener('connect-error', listener);
    }
  });

  it('connector text is inert and help links are http(s) only (security rule 4)', async () => {
    const el = await formFor({
      type: 'object',
      properties: {
        a: { type: 'string', title: '<img src=x onerror="window.__pwned=1">', description: '<b>bold</b>', 'x-help-uri': 'javascript:alert(1)' },
        b: { type: 'string', 'x-help-uri': 'java\tscript:alert(1)' },
      },
    });
    expect(root(el).querySelector('img, b')).to.equal(null);
    expect(root(el).querySelector('label')!.textContent).to.contain('<img');
    expect(root(el).querySelectorAll('a')).to.have.length(0);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('keyboard only: Tab reaches every control in order, Enter submits', async () => {
    const el = await formFor({ type: 'object', properties: { a: { type: 'string' }, secret: { type: 'string', writeOnly: true } }, required: ['a'] });
    byLabel(el, 'A').focus();
    await sendKeys({ type: 'x' });
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement).to.equal(byLabel(el, 'Secret'));
    await sendKeys({ type: 'hunter2' });
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement).to.equal(button(el, 'Show Secret'));
    let sent = 0;
    el.addEventListener('connect-form-submit', () => sent++);
    byLabel(el, 'Secret').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(sent).to.equal(1);
    expect(el.getValue()).to.deep.equal({ a: 'x', secret: 'hunter2' });
  });

  it('server errors land on their fields by pointer; unknown pointers become a form message; editing clears it', async () => {
    const el = await formFor({ type: 'object', properties: { apiKey: { type: 'string', writeOnly: true } } });
    el.setErrors(
      [
        { pointer: '/apiKey', message: 'This key was rejected' },
        { pointer: '/other', message: 'Something else' },
      ],
      'The credentials were rejected',
    );
    await el.updateComplete;
    const key = byLabel(el, 'API key');
    expect(errorOf(el, key)).to.equal('This key was rejected');
    expect(key.getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).querySelector('[role=alert]')!.textContent).to.equal('The credentials were rejected Something else');
    await type(el, key, 'new-key', false);
    expect(errorOf(el, key)).to.equal('');
  });

  it('clearSecrets() and removal empty the secret inputs and drop them from the value', async () => {
    const el = await formFor({ type: 'object', properties: { user: { type: 'string' }, pw: { type: 'string', format: 'password' } } });
    await type(el, byLabel(el, 'User'), 'me');
    await type(el, byLabel(el, 'Pw'), 'hunter2');
    el.clearSecrets();
    await el.updateComplete;
    expect(byLabel(el, 'Pw').value).to.equal('');
    expect(byLabel(el, 'User').value).to.equal('me');
    expect(el.getValue()).to.deep.equal({ user: 'me' });
    await type(el, byLabel(el, 'Pw'), 'hunter3');
    const input = byLabel(el, 'Pw');
    el.remove();
    await el.updateComplete;
    expect(input.value).to.equal('');
    expect(el.getValue()).to.deep.equal({ user: 'me' });
  });
});

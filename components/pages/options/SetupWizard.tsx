import { useState } from 'preact/hooks';
import { request } from '../../../lib/shared/messaging/client';
import type { Settings } from '../../../lib/shared/settings';
import type { Channel } from '../../../lib/shared/model';
import { errorText } from '../reports/Backup';
import { humanDuration, StatusText } from './fields';
import { parseBrandAccounts } from '../../../lib/shared/customer-items';
import { initialsOf } from '../../../lib/shared/snippets/template';
import { initialsProblem, nameProblem } from './SettingsSections';

/**
 * First run: three short steps on one card (who you are, your brand accounts, the service levels in force), all
 * visible at once so it takes under a minute. Saving applies at once to every open tab.
 */
export function SetupWizard(props: {
  settings: Settings;
  signedIn: Partial<Record<Channel, string>>;
  managed: ReadonlySet<string>;
  onSaved: (s: Settings) => void;
  onEditServiceLevels: () => void;
}) {
  const brandsLocked = props.managed.has('brandAccounts');
  const [name, setName] = useState(props.settings.agentName);
  const [initials, setInitials] = useState(props.settings.agentInitials);
  const [brands, setBrands] = useState(() => ({
    // Prefilled with the account the agent is signed in with, where the page showed it.
    x: (props.settings.brandAccounts.x.length ? props.settings.brandAccounts.x : props.signedIn.x ? [props.signedIn.x] : []).join('\n'),
    facebook: (props.settings.brandAccounts.facebook.length
      ? props.settings.brandAccounts.facebook
      : props.signedIn.facebook
        ? [props.signedIn.facebook]
        : []
    ).join('\n'),
  }));
  const [tried, setTried] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const parsed = { x: parseBrandAccounts('x', brands.x), facebook: parseBrandAccounts('facebook', brands.facebook) };
  const noBrand = !brandsLocked && parsed.x.accounts.length + parsed.facebook.accounts.length === 0;
  const errors = {
    name: nameProblem(name),
    initials: initialsProblem(initials),
    x: parsed.x.problems.join(' · ') || null,
    facebook:
      parsed.facebook.problems.join(' · ') ||
      (noBrand ? 'Add at least one account on X or Facebook: without one, every post counts as a customer’s.' : null),
  };
  const valid = Object.values(errors).every((e) => !e);
  const { sla, businessHours } = props.settings;

  const finish = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!valid) {
      setStatus({ kind: 'error', text: 'Almost there: see the fields marked above.' });
      return;
    }
    setBusy(true);
    try {
      const { settings } = await request('settings.update', {
        settings: {
          agentName: name.trim(),
          agentInitials: initials.trim() || (initialsOf(name) ?? ''),
          ...(brandsLocked ? {} : { brandAccounts: { x: parsed.x.accounts, facebook: parsed.facebook.accounts } }),
          setupDone: true,
        },
      });
      setStatus({ kind: 'ok', text: 'Saved.' });
      props.onSaved(settings);
    } catch (err) {
      setStatus({ kind: 'error', text: `Not saved: ${errorText(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const show = (key: keyof typeof errors) => (tried || key === 'initials' || (key !== 'name' && key !== 'facebook') ? errors[key] : null);

  return (
    <section class="setup-card" data-testid="carebar-setup" aria-labelledby="setup-title">
      <h1 id="setup-title">Welcome to Carebar</h1>
      <p class="lead">Three things and you are ready. Everything else has sensible defaults you can change later.</p>
      <form onSubmit={finish} noValidate>
        <ol class="steps">
          <li>
            <h2>Who you are</h2>
            <div class="grid2">
              <div class={`field${show('name') ? ' invalid' : ''}`}>
                <label for="setup-name">Your name</label>
                <input
                  id="setup-name"
                  data-testid="carebar-setup-name"
                  autoComplete="name"
                  maxLength={100}
                  value={name}
                  placeholder="e.g. Sam Rivera"
                  onInput={(e) => setName(e.currentTarget.value)}
                />
                {show('name') ? <p class="field-error">{errors.name}</p> : <p class="hint">Shown in each item’s history and in reports.</p>}
              </div>
              <div class={`field${show('initials') ? ' invalid' : ''}`}>
                <label for="setup-initials">Initials</label>
                <input
                  id="setup-initials"
                  data-testid="carebar-setup-initials"
                  maxLength={8}
                  value={initials}
                  placeholder={initialsOf(name) ?? 'SR'}
                  onInput={(e) => setInitials(e.currentTarget.value)}
                />
                {show('initials') ? (
                  <p class="field-error">{errors.initials}</p>
                ) : (
                  <p class="hint">Signed under public replies, e.g. “…^SR”.</p>
                )}
              </div>
            </div>
          </li>
          <li>
            <h2>Your team’s accounts</h2>
            <p class="hint">
              Posts by these accounts are answers; posts that mention them, reply to them or comment on their posts are customers’.
            </p>
            <div class="grid2">
              <div class={`field${show('x') ? ' invalid' : ''}`}>
                <label for="setup-brand-x">X handles, one per line</label>
                <textarea
                  id="setup-brand-x"
                  data-testid="carebar-setup-brand-x"
                  rows={2}
                  spellcheck={false}
                  disabled={brandsLocked}
                  value={brands.x}
                  placeholder="@AcmeSupport"
                  onInput={(e) => setBrands({ ...brands, x: e.currentTarget.value })}
                />
                {show('x') ? (
                  <p class="field-error">{errors.x}</p>
                ) : props.signedIn.x ? (
                  <p class="hint">You are signed in on X as @{props.signedIn.x}.</p>
                ) : null}
              </div>
              <div class={`field${show('facebook') ? ' invalid' : ''}`}>
                <label for="setup-brand-facebook">Facebook Pages, one per line</label>
                <textarea
                  id="setup-brand-facebook"
                  data-testid="carebar-setup-brand-facebook"
                  rows={2}
                  spellcheck={false}
                  disabled={brandsLocked}
                  value={brands.facebook}
                  placeholder="AcmeSupport or facebook.com/AcmeSupport"
                  onInput={(e) => setBrands({ ...brands, facebook: e.currentTarget.value })}
                />
                {show('facebook') ? (
                  <p class="field-error">{errors.facebook}</p>
                ) : (
                  <p class="hint">The Page’s username, its address or its numeric id.</p>
                )}
              </div>
            </div>
            {brandsLocked ? (
              <p class="hint">
                Your organisation has set the brand accounts:{' '}
                {[...props.settings.brandAccounts.x.map((a) => `@${a}`), ...props.settings.brandAccounts.facebook].join(', ')}.
              </p>
            ) : null}
          </li>
          <li>
            <h2>Service levels</h2>
            <p>
              X: due after <b>{humanDuration(sla.x.targetSec)}</b>, breached after <b>{humanDuration(sla.x.breachSec)}</b>. Facebook: due
              after <b>{humanDuration(sla.facebook.targetSec)}</b>, breached after <b>{humanDuration(sla.facebook.breachSec)}</b>. Business
              hours: <b>{businessHours ? `on (${businessHours.timeZone})` : 'off'}</b>, clocks run{' '}
              {businessHours ? 'only while you are open' : 'day and night'}.
            </p>
            <p class="hint">
              These are common targets for social care.{' '}
              <button type="button" class="cb-link" onClick={props.onEditServiceLevels}>
                Change them
              </button>{' '}
              any time.
            </p>
          </li>
        </ol>
        <div class="savebar">
          <button type="submit" class="cb-btn primary big" data-testid="carebar-setup-save" disabled={busy}>
            Finish setup
          </button>
          <StatusText status={status} />
        </div>
      </form>
    </section>
  );
}

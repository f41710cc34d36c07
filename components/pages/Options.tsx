import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { request, subscribeToChanges } from '../../lib/shared/messaging/client';
import type { Settings } from '../../lib/shared/settings';
import type { Channel } from '../../lib/shared/model';
import { CrmImport } from './CrmImport';
import { CrmSettings } from './CrmSettings';
import { SnippetSettings } from './SnippetSettings';
import { ListeningSettings } from './ListeningSettings';
import { Supervisor } from './options/Supervisor';
import { SetupWizard } from './options/SetupWizard';
import { AgentSection, BrandSection, ServiceLevelSection } from './options/SettingsSections';
import { DetectionSection } from './options/DetectionSettings';
import { TeamSettings } from './TeamSettings';
import { errorText } from './reports/Backup';

const SECTIONS = [
  { id: 'you', title: 'You & team' },
  { id: 'brands', title: 'Brand accounts' },
  { id: 'service-levels', title: 'Service levels' },
  { id: 'customer-lookup', title: 'Customer lookup' },
  { id: 'snippets', title: 'Snippets' },
  { id: 'listening', title: 'Listening' },
  { id: 'detection', title: 'Move to DM' },
  { id: 'supervisor', title: 'Supervisor' },
  { id: 'team', title: 'Team' },
] as const;
type SectionId = (typeof SECTIONS)[number]['id'];

function Section(props: { id: SectionId; title: string; intro?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section id={props.id} class="section" aria-labelledby={`${props.id}-title`} data-testid={`carebar-options-${props.id}`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.intro ? <p class="intro">{props.intro}</p> : null}
      {props.children}
    </section>
  );
}

/** Which section is on screen, for the side navigation. */
function useCurrentSection(ready: boolean): SectionId {
  const [current, setCurrent] = useState<SectionId>('you');
  useEffect(() => {
    if (!ready) return;
    const seen = new Map<string, boolean>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) seen.set(e.target.id, e.isIntersecting);
        const first = SECTIONS.find((s) => seen.get(s.id));
        if (first) setCurrent(first.id);
      },
      { rootMargin: '-15% 0px -70% 0px' },
    );
    for (const s of SECTIONS) {
      const el = document.getElementById(s.id);
      if (el) observer.observe(el);
    }
    return () => observer.disconnect();
  }, [ready]);
  return current;
}

/**
 * Carebar's settings: the first-run setup until it is done, then one scrolling page of sections with a side navigation.
 * Each section saves its own fields with its own Save button; commands (install a pack, import customers) act at once.
 * Saving is a privileged request: only this extension page may make it.
 */
export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [managed, setManaged] = useState<ReadonlySet<string>>(new Set());
  const [policyProblems, setPolicyProblems] = useState<string[]>([]);
  const [signedIn, setSignedIn] = useState<Partial<Record<Channel, string>>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [justFinished, setJustFinished] = useState(false);
  const current = useCurrentSection(settings !== null);

  useEffect(() => {
    const withPolicy = (got: { managed?: string[]; policyProblems?: string[] }) => {
      setManaged(new Set(got.managed ?? []));
      setPolicyProblems(got.policyProblems ?? []);
    };
    Promise.all([request('settings.get', {}), request('accounts.signedIn', {})])
      .then(([got, { accounts }]) => {
        setSettings(got.settings);
        withPolicy(got);
        setSignedIn(accounts);
      })
      .catch((err) => setLoadError(`Could not load the settings: ${errorText(err)}`));
    return subscribeToChanges({
      onChange: (notice) => {
        if (notice.type !== 'settings.changed') return;
        setSettings(notice.settings);
        // The organisation's policy may have changed what it sets.
        request('settings.get', {}).then(withPolicy, () => {});
      },
    });
  }, []);

  if (!settings) {
    return (
      <main class="options loading">
        {loadError ? (
          <p role="alert" class="cb-error">
            {loadError}
          </p>
        ) : (
          <p class="cb-muted">Loading…</p>
        )}
      </main>
    );
  }

  const jump = (id: SectionId) => (e: Event) => {
    e.preventDefault();
    document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    history.replaceState(null, '', `#${id}`);
  };
  const sectionProps = { settings, onSaved: setSettings, managed, signedIn };

  return (
    <div class="options-layout">
      <nav class="sidenav" aria-label="Settings sections">
        <p class="brand">
          <img src="/icon/32.png" alt="" width={20} height={20} /> Carebar
        </p>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} aria-current={current === s.id ? 'location' : undefined} onClick={jump(s.id)}>
                {s.title}
              </a>
            </li>
          ))}
        </ul>
        <p class="aside">
          <a href="./reports.html">Reports and export →</a>
        </p>
      </nav>
      <main class="options">
        {!settings.setupDone ? (
          <SetupWizard
            settings={settings}
            signedIn={signedIn}
            managed={managed}
            onSaved={(s) => {
              setSettings(s);
              setJustFinished(true);
              scrollTo({ top: 0 });
            }}
            onEditServiceLevels={() => document.getElementById('service-levels')?.scrollIntoView({ behavior: 'smooth' })}
          />
        ) : justFinished ? (
          <p class="done-banner" role="status" data-testid="carebar-setup-done">
            <b>You are set.</b> Carebar now treats posts to{' '}
            {[...settings.brandAccounts.x.map((a) => `@${a}`), ...settings.brandAccounts.facebook].join(', ') || 'your accounts'} as
            customers’, in every open tab. Open the queue from Carebar’s toolbar button; the rest of this page can wait.
          </p>
        ) : (
          <header class="page-head">
            <h1>Settings</h1>
          </header>
        )}
        {managed.size ? (
          <p class="policy-note" data-testid="carebar-policy-note">
            Some settings are set by your organisation’s browser policy; they are marked and cannot be changed here.
          </p>
        ) : null}
        {policyProblems.length ? (
          <div class="policy-note policy-problems" role="alert" data-testid="carebar-policy-problems">
            <p>Your organisation’s browser policy has values Carebar ignored (your own settings stay in force for them):</p>
            <ul>
              {policyProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}

        <Section id="you" title="You & team" intro="Who you are in Carebar’s history and reports, and what the team asks of every reply.">
          <AgentSection {...sectionProps} />
        </Section>
        <Section
          id="brands"
          title="Brand accounts"
          intro="Your team’s own accounts: their posts are answers; posts that mention them, reply to them or comment on their posts are customers’."
        >
          <BrandSection {...sectionProps} />
        </Section>
        <Section
          id="service-levels"
          title="Service levels"
          intro="When a waiting customer turns “Due” and then “Breached”, per channel. Changes apply at once to every open item."
        >
          <ServiceLevelSection {...sectionProps} />
        </Section>
        <Section
          id="customer-lookup"
          title="Customer lookup"
          intro="Where the customer card finds who someone is: Carebar’s own customer list, or your CRM."
        >
          <CrmSettings />
          <CrmImport />
        </Section>
        <Section
          id="snippets"
          title="Snippets"
          intro="Approved replies agents insert from the toolbar’s Snippets button, or Alt+Shift+S in a reply box."
        >
          <SnippetSettings managed={managed} />
        </Section>
        <Section
          id="listening"
          title="Listening and going viral"
          intro="Brand keywords that make a post a customer item without a mention, and when a post counts as going viral."
        >
          <ListeningSettings settings={settings} onSaved={setSettings} />
        </Section>
        <Section
          id="detection"
          title="Move to DM"
          intro="When Carebar suggests taking a conversation private, and what the reply guard lets through."
        >
          <DetectionSection {...sectionProps} />
        </Section>
        <Section
          id="supervisor"
          title="Supervisor"
          intro="For team leads: sign the team’s approved replies so every agent’s Carebar can trust them."
        >
          <Supervisor agentName={settings.agentName} onChanged={async () => {}} />
        </Section>
        {/* Team mode (issue 16) brings its own heading. */}
        <section id="team" class="section" aria-label="Team" data-testid="carebar-options-team">
          <TeamSettings />
        </section>
        <footer class="privacy">
          <h2>What Carebar stores</h2>
          <p>
            Everything stays in this browser, in Carebar’s own database: the posts you have seen that need care (link, author, the first 280
            characters), their states and the history of changes (who, when). Customer details come from your CRM only when you open a card.
            Nothing is sent anywhere else.
          </p>
        </footer>
      </main>
    </div>
  );
}

import { DEFAULT_ALL_PARTY_REGIONS } from '@ccp/policy-core';
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callFakeApi, provideFakeApi } from '../../../test/console';
import { FakeApi, TO_EMPLOYEE_INVALID } from '../../../test/fake-api';
import { buttonNamed, radioLabelled } from '../../../test/queries';
import GlobalRecordingDefaultsView from './GlobalRecordingDefaultsView.vue';

describe('Global Recording Defaults', () => {
  let fake: FakeApi;
  let view: VueWrapper;

  async function open(): Promise<VueWrapper> {
    view = mount(GlobalRecordingDefaultsView, {
      attachTo: document.body,
      global: { plugins: [createPinia()], stubs: { RouterLink: RouterLinkStub } },
    });
    await flushPromises();
    return view;
  }
  const radio = (label: string) => radioLabelled(view, label);
  const button = (name: string) => buttonNamed(view, name);
  const dialog = () => view.find('[role="dialog"]');
  const heading = (text: string) => view.findAll('h2').some((h) => h.text() === text);

  callFakeApi((request) => fake.fetch(request));
  beforeEach(() => {
    fake = new FakeApi();
  });
  afterEach(() => view?.unmount());

  it('shows the trigger, the transfer rules and the fixed forwarding line (FWD-1)', async () => {
    await open();
    expect((radio('On Call Answered').element as HTMLInputElement).checked).toBe(true);
    expect(view.text()).toContain('All calls forwarded to external numbers will be recorded');
    const links = view.findAllComponents(RouterLinkStub).map((l) => [l.text(), l.props('to')]);
    expect(links).toEqual([
      ['Go to Queue Recording Defaults', { name: 'queue-recording-defaults' }],
      ['Go to Individual Recording Defaults', { name: 'individual-recording-defaults' }],
    ]);
    expect(heading('Transfer Recording Defaults')).toBe(true);
    expect(view.text()).toContain("Continue to follow call's original recording status after transfer");
  });

  it('GLB-5: choosing On Call Connected opens the confirmation and sends nothing until Confirm', async () => {
    await open();
    await radio('On Call Connected').setValue(true);
    expect(dialog().exists()).toBe(true);
    expect(dialog().attributes('aria-modal')).toBe('true');
    expect(fake.puts).toHaveLength(0);
    // The radios still show what is saved while the admin decides.
    expect((radio('On Call Answered').element as HTMLInputElement).checked).toBe(true);

    await button('Switch to On Call Connected').trigger('click');
    await flushPromises();
    expect(fake.puts).toHaveLength(1);
    expect(fake.puts[0]?.body).toMatchObject({ trigger: 'on-connect', confirmSwitchToOnConnect: true });
    expect(dialog().exists()).toBe(false);
    expect((radio('On Call Connected').element as HTMLInputElement).checked).toBe(true);
  });

  it('GLB-5: Cancel (or Escape) closes the confirmation, sends nothing, and stays on On Call Answered', async () => {
    await open();
    await radio('On Call Connected').setValue(true);
    await button('Cancel').trigger('click');
    expect(dialog().exists()).toBe(false);
    await radio('On Call Connected').setValue(true);
    await dialog().trigger('keydown', { key: 'Escape' });
    expect(dialog().exists()).toBe(false);
    expect(fake.puts).toHaveLength(0);
    expect((radio('On Call Answered').element as HTMLInputElement).checked).toBe(true);
  });

  it('GLB-3: under On Call Connected the queue and individual sections are hidden, the connect mode shows', async () => {
    await open();
    expect(heading('Queue Recording Defaults')).toBe(true);
    expect(heading('Individual Recording Defaults')).toBe(true);
    fake.otherAdminSaves({ trigger: 'on-connect' });
    view.unmount();
    await open();
    expect(heading('Queue Recording Defaults')).toBe(false);
    expect(heading('Individual Recording Defaults')).toBe(false);
    expect(heading('Transfer Recording Defaults')).toBe(false);
    expect(view.text()).toContain('They are kept, and apply again');
    expect(heading('Call Recording Defaults')).toBe(true);
  });

  it('GLB-6: the connect mode changes with Edit, a choice, then Confirm', async () => {
    fake.otherAdminSaves({ trigger: 'on-connect' });
    await open();
    await button('Edit Call Recording Default').trigger('click');
    await radio('Always Record').setValue(true);
    expect(fake.puts).toHaveLength(0);
    await button('Confirm Call Recording Default').trigger('click');
    await flushPromises();
    expect(fake.puts.at(-1)?.body).toMatchObject({ connectMode: 'always' });
    expect(fake.puts.at(-1)?.body).not.toHaveProperty('confirmSwitchToOnConnect');
    expect(view.text()).toContain('Always Record');
  });

  it("412: says another admin saved first, shows their values, and Reapply sends the admin's change again", async () => {
    await open();
    fake.otherAdminSaves({ transfer: { toQueue: 'keep-original', toEmployee: 'use-destination' } });
    await button('Edit Transfer to a Queue').trigger('click');
    await radio('Change to recording settings of the transfer destination').setValue(true);
    await view.find('form').trigger('submit');
    await flushPromises();

    const notice = view.find('[aria-labelledby="conflict-title"]');
    expect(notice.text()).toContain('Another admin saved these settings first');
    const theirs = notice.find('dl[aria-label="Values saved by the other admin"]').text();
    expect(theirs).toContain('Transfer to an Employee');
    expect(theirs).toContain('Change to recording settings of the transfer destination');

    await button('Reapply my change').trigger('click');
    await flushPromises();
    expect(fake.puts.at(-1)?.ifMatch).toBe('"2"');
    expect(fake.settings.transfer).toEqual({ toQueue: 'use-destination', toEmployee: 'use-destination' });
    expect(view.find('[aria-labelledby="conflict-title"]').exists()).toBe(false);
  });

  it('422: shows the detail next to the field errors[].path names', async () => {
    await open();
    fake.refuseNextPut = TO_EMPLOYEE_INVALID;
    await button('Edit Transfer to an Employee').trigger('click');
    await radio('Change to recording settings of the transfer destination').setValue(true);
    await view.find('form').trigger('submit');
    await flushPromises();

    const section = view.find('section[aria-labelledby="transfer-toEmployee-title"]');
    expect(section.find('[role="alert"]').text()).toBe('toEmployee must be one of keep-original, use-destination');
    expect(view.find('section[aria-labelledby="transfer-toQueue-title"] [role="alert"]').exists()).toBe(false);
  });

  it('GLB-5 refusal from the API shows its detail and rule beside the trigger', async () => {
    await open();
    fake.refuseNextPut = {
      type: 'https://ccp.example/problems/rule-violation',
      title: 'Forbidden by a recording rule',
      status: 422,
      detail: 'Switching to On Call Connected needs "confirmSwitchToOnConnect": true',
      rule: 'GLB-5',
    };
    await radio('On Call Connected').setValue(true);
    await button('Switch to On Call Connected').trigger('click');
    await flushPromises();
    const error = view.find('#trigger-error');
    expect(error.text()).toContain('needs "confirmSwitchToOnConnect": true');
    expect(error.text()).toContain('(GLB-5)');
  });

  it('ACC-2 mid-session: a 403 from the API explains the missing permission by name', async () => {
    const refuse = async () =>
      new Response(
        JSON.stringify({
          type: 'https://ccp.example/problems/missing-permission',
          title: 'Missing permission',
          status: 403,
          detail: 'This needs the permission "Edit Call Recording Settings"',
        }),
        { status: 403, headers: { 'content-type': 'application/problem+json' } },
      );
    provideFakeApi(refuse);
    await open();
    expect(view.find('#refusal-title').text()).toBe('You do not have permission to edit call recording settings');
    expect(view.text()).toContain('Edit Call Recording Settings');
  });

  describe('Recording consent (CNS)', () => {
    const section = () => view.find('section[aria-labelledby="consent-title"]');
    const saved = () => section().find('dl[aria-label="Saved consent settings"]').text();
    const checkbox = (name: string) => {
      const found = section()
        .findAll('input[type="checkbox"]')
        .find(
          (input) =>
            section()
              .find(`label[for="${input.attributes('id')}"]`)
              .text() === name,
        );
      if (!found) throw new Error(`no checkbox labelled ${name}`);
      return found;
    };
    const summaries = () =>
      section()
        .findAll('summary')
        .map((s) => s.text().replace(/\s+/g, ' '));

    async function edit(): Promise<void> {
      await button('Edit Recording consent').trigger('click');
    }

    it("CNS-2: shows the saved mode, the product's default list by name, the unknown-location treatment and the seed's legal note", async () => {
      await open();
      expect(heading('Recording consent')).toBe(true);
      expect(saved()).toContain('Off');
      expect(saved()).toContain("16 regions (the product's default list): California, Connecticut, Delaware");
      expect(saved()).toContain('Treat as needing consent');
      expect(section().find('[role="note"]').text()).toContain(
        'Laws regarding call recording vary significantly throughout the US and Canada. As with all legal matters, be sure to consult an attorney',
      );
    });

    it('CNS-2: the regions are grouped by country, collapsed, with how many are ticked; disputed ones say why', async () => {
      await open();
      await edit();
      expect(summaries()).toEqual(['United States (16 of 56 ticked)', 'Canada (0 of 13 ticked)']);
      expect(
        section()
          .findAll('details')
          .every((d) => !(d.element as HTMLDetailsElement).open),
      ).toBe(true);
      const michigan = checkbox('Michigan (MI)');
      expect((michigan.element as HTMLInputElement).checked).toBe(true);
      const note = section().find(`#${michigan.attributes('aria-describedby')}`);
      expect(note.text()).toContain('Disputed: Courts split on whether a participant may record');
      expect(checkbox('California (CA)').attributes('aria-describedby')).toBeUndefined();
      expect(fake.puts).toHaveLength(0);
    });

    it('CNS-2: each country lists its regions by name, as people look for them', async () => {
      await open();
      await edit();
      const names = section()
        .findAll('details')
        .map((group) => group.findAll('label').map((label) => label.text().replace(/\s*\(\w\w\)$/, '')));
      expect(names[0]?.slice(0, 4)).toEqual(['Alabama', 'Alaska', 'American Samoa', 'Arizona']);
      expect(names[1]?.slice(0, 3)).toEqual(['Alberta', 'British Columbia', 'Manitoba']);
    });

    it('CNS-4: Require consent, a region unticked, then Save sends the whole consent settings once', async () => {
      await open();
      await edit();
      await radio('Require consent before recording').setValue(true);
      await section().find('#consent-region-filter').setValue('calif');
      expect(section().findAll('input[type="checkbox"]')).toHaveLength(1);
      expect((section().find('details').element as HTMLDetailsElement).open).toBe(true);
      await checkbox('California (CA)').setValue(false);
      expect(section().text()).toContain('15 regions ticked.');
      expect(fake.puts).toHaveLength(0);
      await button('Save consent settings').trigger('click');
      await flushPromises();

      const regions = DEFAULT_ALL_PARTY_REGIONS.filter((code) => code !== 'CA');
      expect(fake.puts).toEqual([
        { ifMatch: '"1"', body: expect.objectContaining({ consent: { mode: 'require', regions, unknownRegion: 'strict' } }) },
      ]);
      expect(saved()).toContain('Require consent before recording');
      expect(saved()).toContain('15 regions: Connecticut, Delaware');
      expect(saved()).not.toContain('California');
    });

    it("CNS-2: the filter says when nothing matches; Restore goes back to the product's default list", async () => {
      await open();
      await edit();
      await section().find('#consent-region-filter').setValue('atlantis');
      expect(section().text()).toContain('No region matches “atlantis”');
      await section().find('#consent-region-filter').setValue('QC');
      await checkbox('Quebec (QC)').setValue(true);
      expect(summaries()).toContain('Canada (1 of 13 ticked)');
      await button("Restore the product's default list").trigger('click');
      expect(section().text()).toContain("16 regions ticked (the product's default list).");
      expect((checkbox('Quebec (QC)').element as HTMLInputElement).checked).toBe(false);
      expect(button("Restore the product's default list").attributes('disabled')).toBeDefined();
    });

    it('Save with nothing changed closes the form and sends nothing', async () => {
      await open();
      await edit();
      await button('Save consent settings').trigger('click');
      await flushPromises();
      expect(section().find('form').exists()).toBe(false);
      expect(fake.puts).toHaveLength(0);
    });

    it('Cancel (or Escape) drops the draft and sends nothing', async () => {
      await open();
      await edit();
      await radio('Announce to customers where every party must consent').setValue(true);
      await button('Cancel').trigger('click');
      expect(saved()).toContain('Off');
      await edit();
      expect((radio('Off').element as HTMLInputElement).checked).toBe(true);
      await section().find('form').trigger('keydown', { key: 'Escape' });
      expect(section().find('form').exists()).toBe(false);
      expect(fake.puts).toHaveLength(0);
    });

    it("412: another admin's consent settings are shown, and Reapply sends the admin's consent again over them", async () => {
      await open();
      fake.otherAdminSaves({ consent: { mode: 'announce', regions: ['WA'], unknownRegion: 'lenient' } });
      await edit();
      await radio('Require consent before recording').setValue(true);
      await button('Save consent settings').trigger('click');
      await flushPromises();

      const notice = view.find('[aria-labelledby="conflict-title"]');
      expect(notice.text()).toContain('Another admin saved these settings first');
      const theirs = notice.find('dl[aria-label="Values saved by the other admin"]').text();
      expect(theirs).toContain('Announce to customers where every party must consent');
      expect(theirs).toContain('Washington');
      expect(theirs).toContain('Treat as not needing consent');
      expect(notice.find('ul[aria-label="Your change"]').text()).toContain('Consent: Require consent before recording');
      // The page shows what stands now: theirs.
      expect(saved()).toContain('Announce to customers where every party must consent');

      expect(notice.find('ul[aria-label="Your change"]').text()).not.toContain('unknown location');

      await button('Reapply my change').trigger('click');
      await flushPromises();
      expect(fake.puts.at(-1)?.ifMatch).toBe('"2"');
      // Only the mode was the admin's change: the other admin's list and treatment stand.
      expect(fake.settings.consent).toEqual({ mode: 'require', regions: ['WA'], unknownRegion: 'lenient' });
      expect(saved()).toContain('Require consent before recording');
    });

    it('422: the API refusal of a consent field shows in the section, and the form stays open', async () => {
      await open();
      fake.refuseNextPut = {
        type: 'https://ccp.example/problems/validation-failed',
        title: 'Invalid request',
        status: 422,
        detail: 'One field is not valid',
        errors: [{ path: 'consent.regions[0]', message: '"XX" is not a region code', rule: 'CNS-2' }],
      };
      await edit();
      await radio('Require consent before recording').setValue(true);
      await button('Save consent settings').trigger('click');
      await flushPromises();
      expect(section().find('[role="alert"]').text()).toContain('"XX" is not a region code');
      expect(section().find('form').exists()).toBe(true);
    });
  });
});

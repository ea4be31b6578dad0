import { CloneHarness, textOf } from './cloneHarness';

/** Force-subscribe with join-request channels: a request counts as joined, optionally approved by the bot; five channels of both kinds. */
describe('clone bot: join requests count as subscribed', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 10_000 });
  const rt = () => h.clone!.runtime;
  let code = '';
  let vip: { id: number };

  const memberStatus = async (chatId: number, userId: number): Promise<string> => (await rt().telegram.getChatMember(chatId, userId)).status;
  const requestDoc = (chatId: number, userId: number) => h.connection.collection('join_requests').findOne({ _id: `${chatId}:${userId}` as never });

  beforeAll(async () => {
    await h.start();
    code = CloneHarness.codeOf(await h.upload(h.owner.id, 'members-only.pdf', { caption: 'members only' }));
    vip = h.sandbox.createChannel({ title: 'VIP <room>' });
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('the owner adds a join-request channel: refused until the bot administers it, then the bot makes the invite link itself', async () => {
    await h.settings(h.owner.id, /Force-subscribe/, /Add join-request channel/);
    await h.say(h.owner.id, String(vip.id), /cannot find that chat/);
    h.sandbox.setChatMember(vip.id, h.bot, 'member');
    await h.say(h.owner.id, String(vip.id), /not an administrator of VIP <room>/);
    h.sandbox.setChatMember(vip.id, h.bot, 'administrator');
    const done = await h.say(h.owner.id, String(vip.id), /must now ask to join/);
    expect(textOf(done)).toContain('VIP <room>');
    const [channel] = (await rt().settings.get()).forceSubChannels;
    expect(channel).toMatchObject({ chatId: vip.id, kind: 'request' });
    expect(channel!.joinUrl).toMatch(/^https:\/\/t\.me\/\+/);
  });

  it('a user who requested to join gets the file, though not yet a member; the request is stored by point key', async () => {
    const ann = h.user('Ann');
    const gate = await h.say(ann.id, `/start ${code}`, /join/);
    const join = CloneHarness.buttons(gate)[0]!;
    expect(join.text).toMatch(/Request to join VIP/);
    const { joinUrl } = (await rt().settings.get()).forceSubChannels[0]!;
    expect(join.url).toBe(joinUrl);

    expect((await h.press(ann.id, gate, /Try again/))?.text).toMatch(/not joined yet/);
    expect(h.sandbox.openInviteLink(ann.id, joinUrl)).toEqual({ status: 'requested', chatId: vip.id });
    await h.until('request stored', () => requestDoc(vip.id, ann.id));
    expect(await memberStatus(vip.id, ann.id)).toBe('left');
    const after = h.sandbox.cursor();
    await h.press(ann.id, gate, /Try again/);
    await h.next(ann.id, /members only/, after);
  });

  it('with auto-approve on, the bot approves the request: the user becomes a member', async () => {
    const menu = await h.settings(h.owner.id, /Force-subscribe/);
    await h.press(h.owner.id, menu, /Auto-approve: off/);
    await h.until('auto-approve on', async () => (await rt().settings.get()).joinRequestAutoApprove);
    const bo = h.user('Bo');
    h.sandbox.openInviteLink(bo.id, (await rt().settings.get()).forceSubChannels[0]!.joinUrl);
    await h.until('approved', async () => (await memberStatus(vip.id, bo.id)) === 'member');
    await h.say(bo.id, `/start ${code}`, /members only/);
  });

  it('a request is spent once the user was seen as a member: one who leaves later must ask again', async () => {
    const bo = h.user('Bo2');
    h.sandbox.openInviteLink(bo.id, (await rt().settings.get()).forceSubChannels[0]!.joinUrl);
    await h.until('approved', async () => (await memberStatus(vip.id, bo.id)) === 'member');
    await h.say(bo.id, `/start ${code}`, /members only/);
    expect(await requestDoc(vip.id, bo.id)).toBeNull();
    h.sandbox.setChatMember(vip.id, bo.id, 'left');
    const gate = await h.say(bo.id, `/start ${code}`, /join/);
    expect(CloneHarness.buttons(gate)[0]!.text).toMatch(/Request to join VIP/);
  });

  it('a request and the gate\'s check of it are point operations on join_requests', async () => {
    const ops: Array<{ method: string; filter: unknown }> = [];
    h.connection.set('debug', (collection: string, method: string, filter: unknown) => {
      if (collection === 'join_requests') ops.push({ method, filter });
    });
    try {
      const gus = h.user('Gus');
      h.sandbox.openInviteLink(gus.id, (await rt().settings.get()).forceSubChannels[0]!.joinUrl);
      await h.until('request stored', () => requestDoc(vip.id, gus.id));
    } finally {
      h.connection.set('debug', false);
    }
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) expect(op.filter).toEqual({ _id: expect.stringMatching(/^-\d+:\d+$/) });
  });

  it('/forgetme deletes the user\'s join requests', async () => {
    const hal = h.user('Hal');
    h.sandbox.openInviteLink(hal.id, (await rt().settings.get()).forceSubChannels[0]!.joinUrl);
    await h.until('request stored', () => requestDoc(vip.id, hal.id));
    await h.say(hal.id, '/forgetme', /deleted/);
    expect(await requestDoc(vip.id, hal.id)).toBeNull();
  });

  it('a join request to a channel outside the gate is not recorded, and makes nobody a user of the bot', async () => {
    const other = h.sandbox.createChannel({ title: 'Other' });
    h.sandbox.setChatMember(other.id, h.bot, 'administrator');
    const link = await rt().telegram.createChatInviteLink(other.id, { creates_join_request: true });
    const cy = h.user('Cy');
    h.sandbox.openInviteLink(cy.id, link.invite_link);
    // The same user's next update (a request to the gate's channel) is handled after it: once stored, the first was seen.
    h.sandbox.openInviteLink(cy.id, (await rt().settings.get()).forceSubChannels[0]!.joinUrl);
    await h.until('gate request stored', () => requestDoc(vip.id, cy.id));
    const usersBefore = (await h.connection.collection('counters').findOne({ _id: 'totals' as never }))?.users;
    expect(await rt().data.audience.get(cy.id)).toBeNull();
    expect((await h.connection.collection('counters').findOne({ _id: 'totals' as never }))?.users).toBe(usersBefore);
    // The bot's next update is handled after the request: once it answers, the request was seen and ignored.
    await h.say(cy.id, '/start', /./);
    expect(await requestDoc(other.id, cy.id)).toBeNull();
    expect(await memberStatus(other.id, cy.id)).toBe('left');
  });

  it('five channels of both kinds: a user must join or request each; a sixth is refused', async () => {
    const publics = [1, 2, 3].map((i) => h.sandbox.createChannel({ title: `Public ${i}`, username: `pub_chan_${i}` }));
    const requests = [h.sandbox.createChannel({ title: 'Req 2' })];
    for (const c of [...publics, ...requests]) h.sandbox.setChatMember(c.id, h.bot, 'administrator');
    for (const c of publics) {
      await h.settings(h.owner.id, /Force-subscribe/, /➕ Add channel$/);
      await h.say(h.owner.id, `@${c.username}`, /must now join/);
    }
    await h.settings(h.owner.id, /Force-subscribe/, /Add join-request channel/);
    await h.say(h.owner.id, String(requests[0]!.id), /must now ask to join/);
    const s = await rt().settings.get();
    expect(s.forceSubChannels.map((c) => c.kind ?? 'public')).toEqual(['request', 'public', 'public', 'public', 'request']);

    const menu = await h.settings(h.owner.id, /Force-subscribe/);
    expect((await h.press(h.owner.id, menu, /Add join-request channel/))?.text).toMatch(/At most 5/);
    expect((await h.press(h.owner.id, menu, /➕ Add channel$/))?.text).toMatch(/At most 5/);

    const dee = h.user('Dee');
    const gate = await h.say(dee.id, `/start ${code}`, /join/);
    expect(CloneHarness.buttons(gate).filter((b) => b.url)).toHaveLength(5);
    for (const c of publics) h.sandbox.setChatMember(c.id, dee.id, 'member');
    h.sandbox.openInviteLink(dee.id, s.forceSubChannels[0]!.joinUrl);
    expect((await h.press(dee.id, gate, /Try again/))?.text).toMatch(/not joined yet/);
    h.sandbox.openInviteLink(dee.id, s.forceSubChannels[4]!.joinUrl);
    // Auto-approve is on: both requests become memberships, and the file comes.
    await h.until('approved', async () => (await memberStatus(requests[0]!.id, dee.id)) === 'member');
    const after = h.sandbox.cursor();
    await h.press(dee.id, gate, /Try again/);
    await h.next(dee.id, /members only/, after);
  });
});

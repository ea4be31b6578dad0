import { CloneHarness } from './cloneHarness';

/** A clone's users can see what it stores about them and have it deleted. */
describe('clone bot: /privacy and /forgetme', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let code: string;

  beforeAll(async () => {
    await h.start();
    code = CloneHarness.codeOf(await h.upload(h.owner.id, 'notes.pdf'));
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('shows the stored data, deletes it on request, and keeps the owner\'s files', async () => {
    const zoe = h.user('Zoë <b>', { username: 'zoe_z' });
    await h.sandbox.sendText(zoe.id, h.bot, `/start ${code}`);
    await h.until('delivery counted', async () => ((await h.models.User.findById(String(zoe.id)).lean())?.deliveries ?? 0) > 0);
    const shown = await h.say(zoe.id, '/privacy', /What this bot stores about you/);
    expect(shown.text).toContain(`your Telegram id ${zoe.id}`);
    expect(shown.text).toContain('Zoë <b>'); // escaped in HTML, shown as written
    expect(shown.text).toMatch(/how many links you opened \(1\)/);

    await h.say(zoe.id, '/forgetme', /your user record and your link history are deleted/);
    expect(await h.models.User.countDocuments({ _id: String(zoe.id) })).toBe(0);
    expect(await h.models.File.countDocuments({ _id: code })).toBe(1);
  });
});

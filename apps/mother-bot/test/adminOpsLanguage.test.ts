import { PlatformHarness } from './harness';

/**
 * An admin whose /language is Spanish runs /backup and /readiness on the real mother (runtime,
 * private PM2 daemon, sandbox over HTTP, FerretDB): every sentence, status and count of both
 * screens is Spanish; only the data (backup id, database names, checklist titles, the checks'
 * evidence) is shown as it is.
 */
describe('/backup and /readiness in the admin’s language', () => {
  const h = new PlatformHarness();
  const savedPm2Home = process.env.PM2_HOME;
  const botEntries = () => h.sandbox.transcript(h.admin.id, h.motherBot.id).filter((e) => e.direction === 'bot');
  const ask = async (text: string, expect: RegExp) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.admin.id, h.motherBot.id, text);
    return h.sandbox.waitForBotMessage({ chatId: h.admin.id, botRef: h.motherBot.id, after, timeoutMs: 20_000, predicate: (m) => expect.test(String(m.text)) });
  };
  const choose = async (data: string, expect: RegExp) => {
    const menu = await ask('/language', /language|idioma/);
    const after = h.sandbox.cursor();
    await h.sandbox.pressButton(h.admin.id, h.motherBot.id, menu.message_id, data);
    await h.until(`screen ${expect}`, () => botEntries().find((e) => (e.seq > after || e.messageId === menu.message_id) && expect.test(String(e.message.text ?? ''))));
  };

  beforeAll(async () => {
    // The readiness report looks for PM2 daemons in PM2_HOME: this platform's own, never ~/.pm2.
    process.env.PM2_HOME = h.pm2Home;
    await h.start();
    await choose('lang:es', /Elige el idioma/);
  }, 60_000);
  afterAll(async () => {
    await h.close();
    if (savedPm2Home === undefined) delete process.env.PM2_HOME;
    else process.env.PM2_HOME = savedPm2Home;
  }, 60_000);

  it('/backup: the start, the progress and the verified result with its figures in Spanish', async () => {
    const status = await ask('/backup', /^💾 Haciendo copia de todas las bases de datos/u);
    const entry = await h.until(
      'the result in the /backup message',
      () => {
        const e = botEntries().find((b) => b.messageId === status.message_id);
        return e && /^[✅❌]/u.test(e.message.text ?? '') ? e : undefined;
      },
      60_000,
    );
    const final = String(entry.message.text);
    expect(final).toMatch(/^✅ Copia backup-\S+: \d+ bases? de datos, \d+ documentos?, [\d.]+ [KM]B; comprobada con una restauración de prueba\.$/u);
    for (const earlier of entry.history.map((m) => String(m.text ?? ''))) {
      expect(earlier).toMatch(/^💾 (Haciendo copia|Copiando: \d+ de \d+ bases? de datos|Copia (hecha|de la base))/u);
    }
    expect(final).not.toMatch(/\b(databases?|documents?|verified)\b/);
  }, 90_000);

  it('/readiness: heading, counts, failing items and the attestation note in Spanish; titles and evidence as the checklist and checks write them', async () => {
    const report = await ask('/readiness', /para producción/);
    const text = String(report.text);
    expect(text).toMatch(/^❌ No está listo para producción\n\d+ elementos: ✅ \d+ correctos · 📝 \d+ certificados · ❌ [1-9]\d* fallidos · ⬜ \d+ por certificar\n/u);
    expect(text).toContain('Los elementos que fallan');
    // A checklist item's title (data, as docs/operations/production-readiness-checklist.md writes it), then its failing check in a Spanish sentence.
    expect(text).toMatch(/\n❌ .+\n {3}[a-z-]+ falla: .+/u);
    expect(text).toMatch(/⬜ \d+ elementos? necesitan? la certificación de un operador/u);
    expect(text).not.toMatch(/Not ready|\d+ passing|\d+ failing|\bFAILS\b|\d+ to attest|The failing item/);
    expect(text.length).toBeLessThan(4096);
  }, 60_000);
});

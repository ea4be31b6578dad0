import type { CloneDoc } from '@motherbot/core';
import type { ReadinessReport } from '@motherbot/ops';
import { motherTexts } from '../../../../i18n/texts';
import { backupProgressText, backupResultText } from '../backupTexts';
import { cloneErrorLines } from '../cloneErrorTexts';
import { readinessMessage } from '../readinessTexts';

const en = motherTexts.forLocale('en');
const es = motherTexts.forLocale('es');
const hi = motherTexts.forLocale('hi');

describe('the admins’ ops texts in each language', () => {
  const result = { id: 'backup-20301231-120000', databases: 1, documents: 2, bytes: 3 * 1_048_576, verification: { ok: true } as never, pruned: ['a', 'b'] };

  it('/backup: figures as plural texts, the verdict and what was pruned, in the reader’s language', () => {
    expect(backupResultText(result, en)).toBe('✅ Backup backup-20301231-120000: 1 database, 2 documents, 3.0 MB; verified by a test restore.\nRemoved 2 old backups (BACKUP_KEEP).');
    expect(backupResultText({ ...result, pruned: [] }, es)).toBe('✅ Copia backup-20301231-120000: 1 base de datos, 2 documentos, 3.0 MB; comprobada con una restauración de prueba.');
    const failed = { ...result, bytes: 2048, pruned: [], verification: { ok: false, problems: ['users: 2 ≠ 3'] } as never };
    expect(backupResultText(failed, es)).toBe('❌ Copia backup-20301231-120000: 1 base de datos, 2 documentos, 2 KB; la restauración de prueba FALLÓ: users: 2 ≠ 3');
    expect(backupResultText({ ...result, verification: null, pruned: [] }, hi)).toMatch(/^✅ बैकअप backup-\S+: 1 डेटाबेस, 2 दस्तावेज़, 3\.0 MB; जाँचा नहीं गया।$/u);
    expect(backupProgressText(1, 3, 'plat_clone_a', es)).toBe('💾 Copiando: 1 de 3 bases de datos hechas (última: plat_clone_a)…');
    expect(backupProgressText(3, 3, 'x', en)).toMatch(/^💾 All 3 databases backed up/u);
  });

  it('/readiness: an unreadable report and the checklist’s own titles, escaped, with the check sentence in Spanish', () => {
    const report: ReadinessReport = {
      at: new Date(),
      ready: false,
      counts: { pass: 1, attested: 0, fail: 1, unattested: 1 },
      problems: ['readiness-attestations.json: <bad json>'],
      items: [
        { id: 'a', group: 'G', section: 'S', text: 'Bot tokens in `.env` <validated>', mark: 'fail', detail: '', checks: [{ id: 'bot-token', ok: false, detail: 'BOT_TOKEN is not set' }, { id: 'env-file', ok: true, detail: 'fine' }] },
        { id: 'b', group: 'G', section: 'S', text: 'Passing', mark: 'pass', detail: '', checks: [] },
        { id: 'c', group: 'G', section: 'S', text: 'Attest me', mark: 'unattested', detail: '', checks: [] },
      ],
    };
    const text = readinessMessage(report, es);
    expect(text).toContain('3 elementos: ✅ 1 correctos · 📝 0 certificados · ❌ 1 fallidos · ⬜ 1 por certificar');
    expect(text).toContain('⚠️ No se pudo leer todo: readiness-attestations.json: &lt;bad json&gt;');
    expect(text).toContain('<b>El elemento que falla</b>\n❌ Bot tokens in <code>.env</code> &lt;validated&gt;\n   <i>bot-token falla: BOT_TOKEN is not set</i>');
    expect(text).not.toContain('env-file');
    expect(text).toMatch(/⬜ 1 elemento necesita la certificación/u);
  });

  it('/readiness: stops short of Telegram’s limit and says how many items are left', () => {
    const items = Array.from({ length: 80 }, (_, i) => ({ id: `i${i}`, group: 'G', section: 'S', text: `Item ${i}`, mark: 'fail' as const, detail: '', checks: [{ id: 'coverage' as const, ok: false, detail: 'x'.repeat(500) }] }));
    const text = readinessMessage({ at: new Date(), ready: false, counts: { pass: 0, attested: 0, fail: 80, unattested: 0 }, problems: [], items }, en);
    expect(text.length).toBeLessThan(4096);
    expect(text).toMatch(/… and \d+ more: run <code>npm run readiness<\/code> on the host\.$/u);
  });

  it('the last errors of a clone: recorded reasons in the reader’s language, anything else as stored', () => {
    const at = new Date('2030-01-02T03:04:00Z');
    const clone = {
      tokenProblem: 'revoked',
      tokenInvalidAt: at,
      crashLoopAt: at,
      restartLog: [at, at, at],
      runtime: { lastExitAt: at, lastExitReason: 'exit code 3', lastExitCode: 3 },
    } as unknown as CloneDoc;
    const lines = cloneErrorLines(clone, es);
    expect(lines[0]).toMatch(/^Telegram rechaza su token \(¿revocado\?\) desde 2030-01-02/u);
    expect(lines).toContain('3 reinicios en la ventana de bucle de caídas');
    expect(lines.find((l) => l.startsWith('última salida'))).toMatch(/: código de salida 3$/u);
    const odd = cloneErrorLines({ ...clone, tokenProblem: null, runtime: { lastExitAt: at, lastExitReason: '<odd>', lastExitCode: null } } as unknown as CloneDoc, en);
    expect(odd.find((l) => l.startsWith('last exit'))).toMatch(/: &lt;odd&gt;$/u);
    expect(cloneErrorLines({ restartLog: [] } as unknown as CloneDoc, en)).toEqual([]);
  });
});

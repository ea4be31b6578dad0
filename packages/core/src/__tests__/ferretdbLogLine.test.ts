import { ferretdbLogEntry } from '../db/ferretdbLogLine';

describe("FerretDB's log lines in the database process's log", () => {
  it('keeps the level FerretDB gave, drops its own time and level fields', () => {
    expect(ferretdbLogEntry('time=2026-11-29T14:22:49.792Z level=WARN source=sqlite/backend.go:12 msg="slow query" ms=900')).toEqual({
      level: 'warn',
      message: 'ferretdb: source=sqlite/backend.go:12 msg="slow query" ms=900',
    });
    expect(ferretdbLogEntry('time=2026-11-29T14:22:49.797Z level=ERROR+3 source=ferretdb/main.go:539 msg="Failed to construct handler"').level).toBe('error');
    expect(ferretdbLogEntry('time=x level=INFO msg=started').level).toBe('info');
  });

  it('calls a line that is not FerretDB logfmt (a panic trace) an error', () => {
    expect(ferretdbLogEntry('goroutine 1 [running]:')).toEqual({ level: 'error', message: 'ferretdb: goroutine 1 [running]:' });
  });
});

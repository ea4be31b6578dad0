/**
 * Groups an uploaded album back together. Telegram delivers an album as separate `message`
 * updates that share a `media_group_id`, possibly between other users' updates and in any
 * order; nothing marks the last one. Each file is stored as it arrives (so none is lost); the
 * album closes after `quietMs` with no new file of it, and `onClose` gets its codes in the
 * order the owner sent them (by message id). Internal to the clone bot; held in memory: a
 * worker that stops closes the albums still collecting first (`closeAll`, before the database
 * closes), so the owner gets their link; an album cut by a crash keeps its stored files but gets
 * no album link.
 */
export interface AlbumPart {
  messageId: number;
  /** The stored file's code, or null when storing it failed. */
  code: string | null;
  warning?: string;
}

export interface ClosedAlbum<M> {
  ownerId: number;
  mediaGroupId: string;
  parts: AlbumPart[];
  /** What the first part brought along (the owner's locale, for the reply). */
  meta: M;
}

interface OpenAlbum<M> {
  ownerId: number;
  mediaGroupId: string;
  parts: AlbumPart[];
  pending: Set<Promise<unknown>>;
  timer: NodeJS.Timeout | undefined;
  meta: M;
}

export class AlbumCollector<M> {
  private readonly open = new Map<string, OpenAlbum<M>>();

  constructor(
    private readonly onClose: (album: ClosedAlbum<M>) => Promise<void>,
    private readonly quietMs = 1_500,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Albums still collecting (for tests and shutdown). */
  get size(): number {
    return this.open.size;
  }

  /**
   * Adds one file of an album: `store` stores it and resolves with its part. The quiet time
   * restarts at every arrival and the album closes only once every store has finished.
   */
  add(ownerId: number, mediaGroupId: string, meta: M, store: () => Promise<AlbumPart>): Promise<void> {
    const key = `${ownerId}:${mediaGroupId}`;
    let album = this.open.get(key);
    if (!album) {
      album = { ownerId, mediaGroupId, parts: [], pending: new Set(), timer: undefined, meta };
      this.open.set(key, album);
    }
    const entry = album;
    const stored = store()
      .then((part) => void entry.parts.push(part))
      .finally(() => {
        entry.pending.delete(stored);
        this.arm(key, entry);
      });
    entry.pending.add(stored);
    this.arm(key, entry);
    return stored;
  }

  private arm(key: string, album: OpenAlbum<M>): void {
    clearTimeout(album.timer);
    album.timer = setTimeout(() => {
      if (album.pending.size > 0 || this.open.get(key) !== album) return; // the last store re-arms it
      void this.close(key, album);
    }, this.quietMs);
    album.timer.unref();
  }

  private close(key: string, album: OpenAlbum<M>): Promise<void> {
    clearTimeout(album.timer);
    this.open.delete(key);
    const parts = [...album.parts].sort((a, b) => a.messageId - b.messageId);
    return this.onClose({ ownerId: album.ownerId, mediaGroupId: album.mediaGroupId, parts, meta: album.meta }).catch(this.onError);
  }

  /**
   * Closes every album still collecting now, without waiting out its quiet time (worker stop):
   * the files stored so far (stores in progress are waited for) get their link. Resolves once
   * every `onClose` has finished, so the caller may close the database after it.
   */
  async closeAll(): Promise<void> {
    const albums = [...this.open.entries()];
    await Promise.all(
      albums.map(async ([key, album]) => {
        clearTimeout(album.timer);
        while (album.pending.size > 0) await Promise.allSettled([...album.pending]);
        if (this.open.get(key) !== album) return; // closed meanwhile
        await this.close(key, album);
      }),
    );
  }
}

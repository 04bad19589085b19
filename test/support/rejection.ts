/** What `p` rejects with (typed as E); throws when it fulfils. */
export async function rejectionOf<E = unknown>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected the call to fail');
}

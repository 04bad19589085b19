// What `/pai gallery deploy` asks for, as the queued job stores it in Redis (and as an approval hashes it). This is a
// persisted format: a queued or approved deploy made by an older release must still run, so it is defined here, by the
// use case, and the grammar parses into it. The model's spec is not stored here: the gate reads it from the Model
// Gallery and binds it to the request (src/actions/gallery/resolve-model.ts).

export interface GalleryDeployPayload {
  kind: 'gallery.deploy';
  /** The gallery model's id, e.g. model-qwen27binstruct0001 (ListModels' ModelId). */
  modelId: string;
  /** The EAS service to create; EAS rule: a lowercase letter, then lowercase letters, digits, '_'; 1..64. */
  service: string;
  /** Instance type replacing the spec's; absent: the spec's own. */
  instance?: string;
  /** metadata.instance replacing the spec's, 1..100; absent: the spec's own. */
  replicas?: number;
}

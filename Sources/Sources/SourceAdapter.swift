// The source adapters: one per kind, each mapping what it reads to `ArticleDraft`.

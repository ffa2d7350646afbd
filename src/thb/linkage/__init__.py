"""Record linkage: deduplication within a country, privacy-preserving linkage between countries."""

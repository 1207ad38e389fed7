"""The language layer: sentences, entities, quantities, quotes, dates and claims."""

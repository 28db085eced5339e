"""Drug knowledge base: curated data, SQL storage, name resolution and the lookup actions."""

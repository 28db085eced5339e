"""The drug lookup actions and the SQL repository they read the drug catalogue from."""

"""App factory, templates, static files and the pages that span domains."""

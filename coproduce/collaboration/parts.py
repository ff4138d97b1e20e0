"""Parts of other apps' pages this app registers (the organisation page)."""

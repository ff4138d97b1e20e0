"""What evaluation tells the apps built on it, without importing them."""

from django.dispatch import Signal

# A member's answers were erased (GDPR Art. 17), sent with ``panel`` once the erasure is
# committed: whatever holds copies of the panel's answers (exchange's kept panel
# exports) removes them.
answers_erased = Signal()

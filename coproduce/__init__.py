"""coproduce: run co-produced public services and prove what co-production achieves."""

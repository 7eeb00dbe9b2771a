print("bench-model: not yet")

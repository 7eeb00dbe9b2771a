print("bench-fanout: not yet")

print("halyard-echo: not yet")

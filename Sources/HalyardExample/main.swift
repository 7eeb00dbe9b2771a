print("halyard-example: not yet")

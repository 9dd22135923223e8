print("surveykpi")

print("finews")

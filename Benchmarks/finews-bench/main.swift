print("finews-bench")

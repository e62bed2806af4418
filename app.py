from raadsbrieven.ui.app import main

main()

from nightcramp.cli.app import main

main()

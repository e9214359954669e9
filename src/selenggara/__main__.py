from selenggara.cli import main

main()

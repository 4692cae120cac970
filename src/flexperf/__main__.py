from flexperf.cli import main

main()

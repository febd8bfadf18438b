from lumbus.cli.main import app

app(prog_name="lumbus")

"""Computing, grading and checking a project: indicators, grading methods, status, and the service
layer that the command line and the web app both call."""

"""Articles for the store tests: the example story, and short reports written for these tests
in our own words: one more on the example's story, and two small local stories."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# write_files("folder", text, ...) -> paths of the written .txt files (a fixture)
WriteFiles = Callable[..., list[str]]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"

# Same story as the example: US troops sent to Poland and Germany in February 2022.
SIXTH = """Pentagon confirms first US troops have landed in Poland

3 February 2022

The first of about 1,700 American soldiers ordered to Poland arrived at Rzeszow airport on \
Thursday, the Pentagon said, a day after President Joe Biden approved the deployment to \
reassure Nato allies in eastern Europe.

Pentagon spokesman John Kirby told reporters that the paratroopers from the 82nd Airborne \
Division would not fight in Ukraine and were in Poland to train alongside Polish forces.

About 300 soldiers are also moving from Fort Bragg to Germany, while a Stryker squadron of \
roughly 1,000 troops already based in Germany is heading to Romania, officials said.

Russia has massed more than 100,000 troops near Ukraine's borders and has called the \
deployment destructive, saying it raises tensions in Europe.

The US already keeps between 75,000 and 80,000 troops in Europe, and Mr Biden said more \
could follow if Russia invaded Ukraine.
"""

# A local ferry service, three reports (they disagree on what the second boat costs).
FERRY = [
    """Island ferry to run every half hour from May

14 March 2023

The passenger ferry between Northport and Kell Island will sail every 30 minutes from 1 May, \
the county council said on Tuesday, doubling the service after years of complaints from \
commuters.

A second boat, the Marta, has been leased for three years at a cost of 1.2 million pounds, \
according to the council's transport committee.

Single fares will rise from 3.20 pounds to 3.50 pounds, while season tickets for island \
residents will stay at 60 pounds a month.

"Islanders have waited a long time for a proper service," said committee chair Helen Ross. \
The first sailing will leave Northport at 6.30am.
""",
    """Kell Island ferry service doubled but fares go up

15 March 2023

Commuters to Kell Island will get a ferry every half hour from May, after the county council \
agreed to lease a second vessel for the Northport crossing.

The council's transport committee said the leased boat, the Marta, would cost 1.4 million \
pounds over three years.

Single tickets will go up to 3.50 pounds from 3.20 pounds. Monthly season tickets for \
residents are unchanged at 60 pounds.

Committee chair Helen Ross said islanders had "waited a long time" for the change. Some \
residents said the fare rise would hit families who travel daily.
""",
    """Northport ferry timetable: what changes in May

16 March 2023

From 1 May the Northport to Kell Island ferry will run every 30 minutes on weekdays, the \
county council confirmed, using a second leased boat called the Marta.

Single fares rise to 3.50 pounds, up from 3.20 pounds, while residents' monthly season \
tickets remain at 60 pounds, the council said.

The earliest crossing will leave Northport at 6.30am and the last will return from Kell \
Island at 11pm, according to the new timetable.
""",
]

# A burst water main, two reports (2,000 or 3,000 homes without water).
WATER = [
    """Burst water main closes Alderbury high street

8 June 2023

A burst water main flooded Alderbury high street on Thursday morning, forcing police to \
close the road and leaving about 2,000 homes without water, Wessex Vale Water said.

Engineers expected to finish repairs by 8pm, the company said, and bottled water was being \
handed out at the village hall.

Shop owners said the flooding reached the doorsteps of several businesses. The main, laid in \
the 1950s, had been due for replacement next year.
""",
    """Thousands without water after Alderbury main bursts

8 June 2023

Around 3,000 homes in Alderbury lost their water supply on Thursday when a main burst under \
the high street, which police closed to traffic.

Wessex Vale Water said engineers were working to repair the 70-year-old pipe and hoped to \
restore supplies by the evening. Bottled water was available at the village hall.

Several shopkeepers said water had come up to their doors, and one cafe closed for the day.
""",
]

"""A small mixed feed written for these tests (no third-party text): three pairs of stories
that share a topic but not an event (two earthquakes, two celebrities in rehab, two
shootings in one city) and one story alone. Each article names its gold story."""

from __future__ import annotations

import pytest

from parallax.model import Article

FEED = [
    # Earthquake in Taiwan, April 2024
    ("quake-taiwan", "2024-04-03", "Reuters", "Magnitude 7.4 earthquake strikes Hualien, Taiwan",
     "A magnitude 7.4 earthquake struck off the coast of Hualien in eastern Taiwan on Wednesday "
     "morning, killing at least nine people and injuring more than 800, officials said. The "
     "quake toppled buildings in Hualien city and triggered landslides that trapped workers in "
     "a quarry. Taiwan's Central Weather Administration said it was the strongest to hit the "
     "island in 25 years. Rescue teams in Hualien were searching for dozens of people still "
     "missing on Wednesday evening."),
    ("quake-taiwan", "2024-04-03", "AP", "Taiwan's strongest quake in 25 years kills 9 in Hualien",
     "Taiwan's strongest earthquake in a quarter century shook the island on Wednesday, killing "
     "nine people in Hualien county and injuring 821, according to the national fire agency. "
     "The 7.4 magnitude quake hit at 7:58 a.m. about 18 kilometres south of Hualien city. "
     "Buildings leaned at dangerous angles and rockslides blocked the coastal highway, leaving "
     "tourists stranded near Taroko Gorge."),
    ("quake-taiwan", "2024-04-04", "BBC", "Hualien quake: rescuers reach trapped quarry workers",
     "Rescuers in Hualien reached dozens of quarry workers trapped by rockslides after "
     "Wednesday's 7.4 magnitude earthquake, Taiwan's fire agency said on Thursday. The death "
     "toll rose to 10, with more than 1,000 people injured across Taiwan. Officials in Hualien "
     "said aftershocks continued overnight and that Taroko Gorge would remain closed."),
    # Earthquake in Turkey, November 2023
    ("quake-turkey", "2023-11-21", "Anadolu", "Magnitude 5.9 earthquake shakes Van province",
     "A magnitude 5.9 earthquake struck Van province in eastern Turkey on Tuesday night, "
     "damaging dozens of homes in the Ercis district, the disaster agency AFAD said. Three "
     "people were injured when a wall collapsed in Ercis, and residents spent the night "
     "outdoors in freezing temperatures. AFAD said the quake was centred near Lake Van at a "
     "depth of 7 kilometres."),
    ("quake-turkey", "2023-11-22", "Reuters", "Quake damages homes in Turkey's Van, 3 injured",
     "An earthquake of magnitude 5.9 damaged houses in Ercis in Turkey's eastern Van province "
     "late on Tuesday, injuring three people, Turkey's disaster agency AFAD said on Wednesday. "
     "Tents were set up in Ercis for families whose homes were damaged. The governor of Van "
     "said schools in the district would stay closed for inspections."),
    # Singer in rehab, June 2022
    ("rehab-quinn", "2022-06-10", "Variety", "Mara Quinn enters rehab at Cedar Ridge",
     "Singer Mara Quinn has checked into the Cedar Ridge treatment centre in Sedona, Arizona, "
     "her publicist Lena Ortiz confirmed on Friday. Quinn, 29, cancelled the last six dates of "
     "her summer tour last week. Ortiz said the singer asked fans to respect her privacy while "
     "she focuses on her recovery at Cedar Ridge."),
    ("rehab-quinn", "2022-06-11", "People", "Mara Quinn in treatment after cancelling tour",
     "Mara Quinn is receiving treatment at Cedar Ridge in Sedona after pulling out of her "
     "summer tour, her publicist Lena Ortiz told People. The 29-year-old singer entered the "
     "Arizona facility on Thursday, Ortiz said, adding that Quinn is grateful for the support "
     "of her fans and hopes to return to the stage next year."),
    # Actor in rehab, February 2023
    ("rehab-brenner", "2023-02-02", "Deadline", "Tomas Brenner checks into rehab in Malibu",
     "Actor Tomas Brenner has entered the Pinecrest Recovery Center in Malibu, California, his "
     "manager Joel Harker said on Thursday. Brenner, 41, left the set of the drama series Iron "
     "Coast, which paused filming for two weeks. Harker said Brenner sought treatment "
     "voluntarily at Pinecrest and thanked the studio for its patience."),
    ("rehab-brenner", "2023-02-03", "Variety", "Iron Coast pauses filming as Brenner seeks help",
     "Production on Iron Coast has paused after star Tomas Brenner checked into Pinecrest "
     "Recovery Center in Malibu, his manager Joel Harker confirmed. The 41-year-old actor is "
     "expected to spend 30 days at Pinecrest. The studio said filming of Iron Coast would "
     "resume later this month."),
    # Shooting at a Riverton mall, March 2021
    ("shooting-mall", "2021-03-06", "Riverton Herald", "Two killed in shooting at Riverton mall",
     "Two people were killed and three wounded when a gunman opened fire at Eastgate Mall in "
     "Riverton on Saturday afternoon, police chief Anna Kowal said. Officers arrested a "
     "suspect, Daniel Ruiz, 34, in the mall's parking garage. Kowal said Ruiz had argued with "
     "a store employee before the shooting at Eastgate Mall."),
    ("shooting-mall", "2021-03-07", "AP", "Suspect in Eastgate Mall shooting charged",
     "Daniel Ruiz, 34, was charged with two counts of murder on Sunday after the shooting at "
     "Eastgate Mall in Riverton that killed two people and wounded three, prosecutors said. "
     "Police chief Anna Kowal said Ruiz used a handgun bought last month. Eastgate Mall will "
     "stay closed until Tuesday."),
    # Shooting at a Riverton high school, September 2021
    ("shooting-school", "2021-09-14", "Riverton Herald",
     "Four wounded in shooting at Riverton high school",
     "Four students were wounded when a teenager opened fire at Lincoln High School in Riverton "
     "on Tuesday morning, police chief Anna Kowal said. A 16-year-old student was taken into "
     "custody in a classroom. Kowal said the injured students were in stable condition at St. "
     "Mary's Hospital and that Lincoln High School would be closed for the rest of the week."),
    ("shooting-school", "2021-09-15", "NBC", "Teen held after Lincoln High School shooting",
     "A 16-year-old was being held on Wednesday after four students were shot at Lincoln High "
     "School in Riverton, police said. The four wounded students were recovering at St. Mary's "
     "Hospital. Riverton police chief Anna Kowal said the teenager brought a gun from home. "
     "Classes at Lincoln High School are cancelled until Monday."),
    # A story alone
    ("cycle-lanes", "2021-05-20", "Riverton Herald", "Council approves new cycle lanes",
     "Riverton city council voted 7-2 on Thursday to build 12 kilometres of protected cycle "
     "lanes along Harbour Road and Mill Street. Construction will start in August and cost "
     "about 4.5 million dollars, the transport department said."),
]  # fmt: skip


@pytest.fixture
def feed() -> list[tuple[Article, str]]:
    """The articles with their gold story, ids a1..an in feed order."""
    return [
        (
            Article(
                id=f"a{number}",
                ref=f"feed/{number:02d}-{story}.txt",
                text=text,
                source=source,
                title=title,
                published=published,
            ),
            story,
        )
        for number, (story, published, source, title, text) in enumerate(FEED, start=1)
    ]

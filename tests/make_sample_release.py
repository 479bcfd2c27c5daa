"""(Re)create the bundled SYNTHETIC sample raw root, byte for byte the same on every run.

    cd /work/main && .venv/bin/python -m tests.make_sample_release [--out raw/sample]

Agencies, people, inmates and events are fictional; local agencies use `.example.gov` domains and
federal parties use the public institutional domains (`ice.dhs.gov`, `cbp.dhs.gov`, `fbi.gov`).
The content is shaped like real releases (detainers, release-date requests, SB 54 refusals, internal
discussion, unrelated traps such as "icy roads") so the pipeline can be exercised end to end.

Truth is never written under raw/: `sample_truth()` rebuilds the sample in a temporary folder and
returns what each file contains, so tests can compare the pipeline's output with it.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.utils
import io
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from reportlab import rl_config

from tests.factories.alpr import pvpd_organization_audit
from tests.factories.mail import make_eml, make_mbox
from tests.factories.printed_pdf import (
    Item,
    Party,
    PlainPage,
    PrintedEmail,
    Rendered,
    RenderedEmail,
    Shown,
    Thread,
    flat_history,
    header_rows,
    render_outlook_pdf,
    render_printout,
    truncate_pdf,
)
from tests.factories.redact import redact_pdf
from tests.factories.scans import scan_pdf

LOCAL = ZoneInfo("America/Los_Angeles")
MARKER = "SYNTHETIC SAMPLE"
Truth = dict[str, list[dict[str, object]]]

# Mariposa Bay County Sheriff's Office (fictional)
RAMIREZ = ("Ramirez, Ana", "aramirez@mbcso.example.gov")
OKAFOR = ("Okafor, Daniel", "dokafor@mbcso.example.gov")
SMITH = ("Smith, Kevin", "ksmith@mbcso.example.gov")
LEE = ("Lee, Priya", "plee@mbcso.example.gov")
WHITFIELD = ("Whitfield, Marian", "mwhitfield@mbcso.example.gov")
CUSTODY_RECORDS = ("MBCSO Custody Records", "custodyrecords@mbcso.example.gov")
DISPATCH = ("MBCSO Dispatch", "dispatch@mbcso.example.gov")
FACILITIES = ("MBCSO Facilities", "facilities@mbcso.example.gov")
CUSTODY_ALL: Party = ("MBCSO Custody Division All Staff", None)
SWORN_ALL: Party = ("All Sworn Personnel", None)

# Port Verde Police Department (fictional)
BELL = ("Bell, Marcus", "mbell@pvpd.example.gov")
NGUYEN = ("Nguyen, Linh", "lnguyen@portverde.example.gov")
PV_RECORDS = ("PVPD Records Unit", "records@pvpd.example.gov")
FOSTER = ("Foster, Diane", "dfoster@portverde.example.gov")

# Federal parties (fictional people at real institutional domains)
HALVORSEN = ("Halvorsen, Erik", "erik.halvorsen@ice.dhs.gov")
CASTELLANO = ("Castellano, Rita", "rita.castellano@ice.dhs.gov")
PERC = ("PERC Detainer Notifications", "perc.notifications@ice.dhs.gov")
PARK = ("Park, Jason", "jason.park@ice.dhs.gov")
MENDES = ("Mendes, Carla", "carla.mendes@ice.dhs.gov")
ORTIZ = ("Raymond Ortiz", "raymond.ortiz@cbp.dhs.gov")
WHITAKER = ("Dana Whitaker", "dwhitaker@fbi.gov")

HALVORSEN_SIGNATURE = (
    "Erik Halvorsen\nDeportation Officer\nEnforcement and Removal Operations, San Francisco Field "
    "Office\nU.S. Immigration and Customs Enforcement\nDesk: (415) 555-0142"
)
RAMIREZ_SIGNATURE = "Sgt. Ana Ramirez\nCustody Records Unit\nMariposa Bay County Sheriff's Office"
OKAFOR_SIGNATURE = "Lt. Daniel Okafor\nJail Operations\nMariposa Bay County Sheriff's Office"
BELL_SIGNATURE = "Sgt. Marcus Bell\nInvestigations Division\nPort Verde Police Department"

MBCSO_RELEASE = "mbcso/2024-cpra-0117"
PVPD_RELEASE = "pvpd/2025-cpra-0042"


def _at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute)


def _email(sender: Party, **fields: Any) -> PrintedEmail:
    """A printed email from `sender`; saves repeating the name/address split everywhere."""
    return PrintedEmail(from_name=sender[0], from_address=sender[1], **fields)


def _reply(prior: PrintedEmail, sender: Party, prefix: str = "RE: ", **fields: Any) -> PrintedEmail:
    """A reply or forward quoting `prior` and its history, with Outlook's single subject prefix."""
    subject = prior.subject if prior.subject.startswith(prefix) else prefix + prior.subject
    return _email(sender, subject=subject, quoted=flat_history(prior), **fields)


def _mbcso_part1() -> list[Item]:
    cover = PlainPage(
        "MARIPOSA BAY COUNTY SHERIFF'S OFFICE",
        "Office of the Sheriff - Records and Public Information Unit\n\nMay 31, 2024\n\n"
        "Re: California Public Records Act Request No. 2024-CPRA-0117\n\nDear Requester:\n\n"
        "This letter responds to your request, received May 20, 2024, for communications between "
        "the Mariposa Bay County Sheriff's Office and U.S. Immigration and Customs Enforcement "
        "from January 1, 2017 through December 31, 2020. Responsive records are produced in the "
        "enclosed files, Bates numbered with the prefix MBCSO-. Portions have been withheld "
        "pursuant to Gov. Code 7923.600 and 7927.705.\n\n"
        "THIS IS A SYNTHETIC DOCUMENT: the agency, people and events are fictional.\n\n"
        "Sincerely,\n\nR. Castillo\nPublic Records Coordinator",
    )
    detainer = _email(
        HALVORSEN,
        sent=_at(2017, 6, 14, 14, 32),
        to=[CUSTODY_RECORDS],
        cc=[RAMIREZ],
        subject="I-247A Detainer - ESPARZA-MONTOYA, Luis - Booking 17-004512",
        attachments=["I-247A_ESPARZA-MONTOYA.pdf"],
        importance="High",
        body="Good afternoon,\n\nPlease find attached an Immigration Detainer - Notice of Action "
        "(Form I-247A) for the subject below, currently in your custody.\n\n"
        "Name: ESPARZA-MONTOYA, Luis\nDOB: 04/11/1986\nA-number: A123-456-789\n"
        "Booking #: 17-004512\n\nPlease notify ICE at least 48 hours before release, and hold the "
        "subject for up to 48 hours beyond the time he would otherwise be released so that ICE can "
        "assume custody.\n\nThank you,\n\n" + HALVORSEN_SIGNATURE,
    )
    release_time = _reply(
        detainer,
        RAMIREZ,
        sent=_at(2017, 6, 15, 8, 5),
        to=[HALVORSEN],
        body="Officer Halvorsen,\n\nThe detainer has been lodged in JMS. ESPARZA-MONTOYA is "
        "scheduled to be released on 06/19/2017. He will be released at 0600. Your officers can "
        "pick him up at the sally port on the north side of the Main Jail.\n\n" + RAMIREZ_SIGNATURE,
    )
    pickup = _reply(
        release_time,
        HALVORSEN,
        sent=_at(2017, 6, 19, 5, 48),
        to=[RAMIREZ],
        cc=[OKAFOR],
        body="Thank you, Sergeant. Two officers from our Mariposa Bay sub-office will be at the "
        "sally port at 0545 for the transfer. Please have the property bag and the detainer "
        "paperwork ready.\n\n" + HALVORSEN_SIGNATURE,
    )
    training = _email(
        LEE,
        sent=_at(2017, 9, 5, 10, 12),
        to=[CUSTODY_ALL],
        cc=[("Okafor, Daniel", None)],
        subject="Q4 2017 Custody Division Training Schedule",
        body="All,\n\nBelow is the fourth-quarter training schedule for the Custody Division. "
        "Attendance is mandatory for line staff; supervisors should arrange coverage at least two "
        "weeks in advance so that minimum staffing never drops to zero on any shift.\n\n"
        "October 3 - Defensive tactics refresher (Range classroom, 0800-1200)\n"
        "October 10 - Crisis intervention and de-escalation (CIT, 0800-1700)\n"
        "October 17 - Interview and report writing for custody staff (0800-1200)\n"
        "October 24 - First aid and CPR recertification (0800-1200)\n"
        "November 7 - Use of force policy update and case review (1300-1700)\n"
        "November 14 - Suicide prevention and safety checks (0800-1200)\n"
        "November 21 - Classification and housing procedures (0800-1200)\n"
        "December 5 - Emergency response: fire, lockdown and evacuation drills (0800-1600)\n"
        "December 12 - Prison Rape Elimination Act (PREA) annual training (1300-1500)\n\n"
        "Sign-up sheets are posted in the briefing room. Staff who miss a mandatory session must "
        "complete the make-up course before January 31, 2018. Questions about POST credit, "
        "overtime codes or the range schedule should come to me directly.\n\n"
        "Please remember that the training room is shared with the Patrol Division on Thursdays; "
        "leave it clean and return the mats to the storage closet when you are done. Coffee is "
        "provided for full-day sessions only.\n\n"
        "Priya Lee\nTraining Coordinator\nMariposa Bay County Sheriff's Office",
    )
    guidance = _email(
        WHITFIELD,
        sent=_at(2017, 12, 20, 16, 40),
        to=[OKAFOR, RAMIREZ, SMITH],
        subject="SB 54 - handling ICE requests starting January 1",
        body="All,\n\nThe California Values Act (SB 54) takes effect on January 1, 2018. Starting "
        "that day, custody staff will not hold anyone on an ICE detainer (I-247A or I-247D), and "
        "will not provide release dates, home addresses or other personal information to ICE "
        "unless the person meets the criteria in Gov. Code 7282.5 or the information is already "
        "public on the inmate locator.\n\n"
        "Transfers to ICE require a judicial warrant or judicial probable cause determination. "
        "Interview requests must go through the TRUTH Act consent form process.\n\n"
        "Please route any ICE request you are unsure about to me before responding. I will "
        "circulate a one-page desk guide next week.\n\n"
        "Marian Whitfield\nLegal Advisor to the Sheriff",
    )
    road_closure = _email(
        DISPATCH,
        sent=_at(2018, 1, 11, 6, 2),
        to=[SWORN_ALL],
        subject="ROAD CLOSURE - Highway 9 at Summit Grade (icy roads)",
        importance="High",
        body="Caltrans has closed Highway 9 between Summit Grade and Old Mill Road due to icy "
        "roads and black ice on the grade. Expect the closure to last until at least 1400.\n\n"
        "Deputies responding to the Summit substation should use Old Mill Road. Chain controls "
        "are in effect on County Road 12. A notice will be posted on the county alert page and "
        "the police and fire channels will be updated as conditions change.\n\n"
        "MBCSO Dispatch Center",
    )
    perc_detainer = _email(
        PERC,
        sent=_at(2018, 3, 8, 3, 41),
        to=[CUSTODY_RECORDS],
        subject="Immigration Detainer - Notice of Action - VALDEZ-ORTIZ, Marco",
        attachments=["I-247A_VALDEZ-ORTIZ.pdf"],
        body="This is a notification from the Pacific Enforcement Response Center (PERC).\n\n"
        "An Immigration Detainer - Notice of Action (I-247A) has been issued for the subject "
        "below. Please acknowledge receipt and provide the anticipated release date.\n\n"
        "Subject: VALDEZ-ORTIZ, Marco\nDOB: 09/23/1991\nA-number: A209-118-374\n"
        "FBI #: 448812KA7\nBooking #: 18-002291\n\n"
        "PERC Duty Officer\nPacific Enforcement Response Center\n"
        "U.S. Immigration and Customs Enforcement\n(802) 555-0199",
    )
    refusal = _reply(
        perc_detainer,
        RAMIREZ,
        sent=_at(2018, 3, 8, 9, 17),
        to=[PERC],
        cc=[WHITFIELD],
        body="Good morning,\n\nThe Mariposa Bay County Sheriff's Office will not honor this "
        "detainer. Under the California Values Act (SB 54, Gov. Code 7284.6) we do not hold "
        "individuals on immigration detainers or provide release dates unless the individual "
        "meets the criteria in Gov. Code 7282.5. This individual does not meet criteria, and no "
        "further notification will be made.\n\n" + RAMIREZ_SIGNATURE,
    )
    return [
        cover,
        detainer,
        release_time,
        pickup,
        training,
        guidance,
        road_closure,
        perc_detainer,
        refusal,
    ]


def _perc_follow_up(refusal: PrintedEmail) -> PrintedEmail:
    """PERC answers the SB 54 refusal; its print quotes the refusal, so the refusal is in the
    release three times: printed (Part 1), as an .eml, and quoted here (Part 2)."""
    return _reply(
        refusal,
        PERC,
        sent=_at(2018, 3, 8, 11, 2),
        to=[RAMIREZ],
        body="Acknowledged. The detainer remains lodged in our system. Please contact the PERC "
        "if the subject's custody status changes.\n\nPERC Duty Officer\n"
        "Pacific Enforcement Response Center\nU.S. Immigration and Customs Enforcement",
    )


def _mbcso_part2(refusal: PrintedEmail) -> list[Item]:
    request = _email(
        HALVORSEN,
        sent=_at(2018, 8, 22, 13, 26),
        to=[RAMIREZ],
        subject="Release date/time request - A098-765-432",
        body="Sergeant,\n\nCan you give me the release date and time for the subject below? He "
        "has a prior removal order and we would like to take custody on release.\n\n"
        "Name: MORALES-PENA, Ricardo\nA-number: A098-765-432\nBooking #: 18-007730\n\n"
        "We would also appreciate a copy of his booking photo and the home address he gave at "
        "booking.\n\n" + HALVORSEN_SIGNATURE,
    )
    forward = _reply(
        request,
        RAMIREZ,
        prefix="FW: ",
        sent=_at(2018, 8, 22, 14, 2),
        to=[OKAFOR],
        body="Lieutenant,\n\nICE is asking for release date/time plus booking photo and home "
        "address on this one. The release date is on the public inmate locator. I don't think we "
        "can send the photo or the address under SB 54. How do you want me to handle it?\n\nAna",
    )
    decision = _reply(
        forward,
        OKAFOR,
        sent=_at(2018, 8, 23, 7, 55),
        to=[RAMIREZ],
        cc=[WHITFIELD],
        body="Ana,\n\nCounsel reviewed this. The release date is already public on the inmate "
        "locator, so you may give ICE the date only, the same way we would answer a member of the "
        "public. Do not send the booking photo or the home address: that is personal "
        "information under Gov. Code 7284.6(a)(1)(C), and a quick review of his priors shows he "
        "does not qualify under 7282.5.\n\n"
        "Please note the request and our response in the ICE access log for the TRUTH Act "
        "report, and copy Marian on any follow-up from ERO. If ICE asks for the time of release, "
        "tell them release times are not public and we cannot provide them.\n\n"
        "If the deputy on the release desk gets a phone call from ICE on the day of release, "
        "they should refer the caller to the inmate locator and to this office. We will not "
        "arrange a transfer at the sally port without a judicial warrant.\n\n" + OKAFOR_SIGNATURE,
    )
    withheld = PlainPage(
        "WITHHELD IN FULL",
        "Two pages withheld pursuant to Gov. Code 7923.600 (records of investigation) and "
        "Gov. Code 7927.705 (records exempt under other law).",
    )
    meeting = _email(
        CASTELLANO,
        sent=_at(2019, 2, 14, 10, 30),
        to=[OKAFOR],
        subject="Meeting request - CAP interviews at the Main Jail",
        body="Lieutenant Okafor,\n\nI would like to set up a meeting to discuss how our CAP "
        "officer can continue interviews on the booking floor. We understand a TRUTH Act consent "
        "form is now required; we would like to agree on a process and a room.\n\n"
        "Rita Castellano\nSupervisory Detention and Deportation Officer\nEnforcement and Removal "
        "Operations\nU.S. Immigration and Customs Enforcement",
    )
    meeting_reply = _reply(
        meeting,
        OKAFOR,
        sent=_at(2019, 6, 20, 15, 10),
        to=[CASTELLANO],
        cc=[("Brennan, Thomas", None)],
        body="SDDO Castellano,\n\nApologies for the slow reply. Our 287(g) agreement ends on "
        "June 30, 2019. After that date, any ICE interview in the jail requires a signed TRUTH "
        "Act consent form (Gov. Code 7283.1), given to the inmate in writing before the "
        "interview, and interviews will take place in the attorney visiting rooms rather than on "
        "the booking floor.\n\nWe can meet Tuesday 6/25 at 1000 in the Main Jail conference "
        "room.\n\n" + OKAFOR_SIGNATURE,
    )
    transfer = _email(
        SMITH,
        sent=_at(2019, 11, 4, 16, 20),
        to=[HALVORSEN],
        cc=[("Ramirez, Ana", None)],
        subject="Booking 19-011873 - transfer on judicial warrant",
        body="Officer Halvorsen,\n\nWe received the judicial warrant signed by a federal "
        "magistrate judge for inmate TORRES-AVILA, Samuel (A176-220-913). He will be released at "
        "0600 on 11/06/2019. Transfer will take place at the sally port; please bring a copy of "
        "the warrant.\n\nDeputy Kevin Smith\nClassification Unit",
    )
    covid = _email(
        LEE,
        new_page=True,
        sent=_at(2020, 3, 16, 11, 45),
        to=[CUSTODY_ALL],
        subject="COVID-19: training postponed and visiting suspended",
        body="All,\n\nEffective today, all classroom training is postponed until further notice "
        "and in-person visiting is suspended at both facilities. Video visits continue on the "
        "normal schedule. Please wear masks in the control rooms and wipe down shared "
        "keyboards at shift change.\n\nPriya Lee\nTraining Coordinator",
    )
    late_detainer = _email(
        PERC,
        sent=_at(2020, 9, 30, 2, 14),
        to=[CUSTODY_RECORDS],
        subject="Immigration Detainer - Notice of Action - NAKAMURA-REYES, Daniel",
        attachments=["I-247A_NAKAMURA-REYES.pdf"],
        body="This is a notification from the Pacific Enforcement Response Center (PERC).\n\n"
        "An I-247A has been issued for NAKAMURA-REYES, Daniel, A-number A212-334-455, booking "
        "20-006518. Please notify ICE of the release date and time.\n\nPERC Duty Officer",
    )
    return [
        _perc_follow_up(refusal),
        request,
        forward,
        decision,
        withheld,
        meeting,
        meeting_reply,
        transfer,
        covid,
        late_detainer,
    ]


# What the records office blacked out in the printouts (detainees' names, dates of birth, A-numbers).
PERSONAL_DATA = [
    "ESPARZA-MONTOYA",
    "MORALES-PENA",
    "04/11/1986",
    "09/23/1991",
    "A123-456-789",
    "A209-118-374",
    "A098-765-432",
]


def _mbcso_scanned() -> list[Item]:
    """A short exchange that reached the release only as a scanned fax."""
    request = _email(
        PERC,
        sent=_at(2019, 9, 12, 7, 48),
        to=[CUSTODY_RECORDS],
        subject="Notification Request (I-247N) - booking 19-009921",
        body=(
            "Please notify ICE ERO of the release date and time for booking 19-009921.\n"
            "An I-247N notification request is attached.\n\n"
            "Pacific Enforcement Response Center"
        ),
        attachments=["I-247N.pdf"],
    )
    reply = _email(
        CUSTODY_RECORDS,
        sent=_at(2019, 9, 12, 10, 5),
        to=[PERC],
        subject="RE: Notification Request (I-247N) - booking 19-009921",
        body=(
            "Per SB 54 and our policy we do not provide release dates in response to\n"
            "notification requests.\n\nMBCSO Custody Records"
        ),
    )
    return [request, reply]


def _mbcso_part3() -> list[Item]:
    """Content of the damaged file; only its first half survives, so none of it is expected."""
    return [
        _email(
            HALVORSEN,
            sent=_at(2020, 10, 14, 9, 3),
            to=[RAMIREZ],
            subject="Release date request - A230-771-016",
            body="Sergeant, please send the release date for A230-771-016.\n\n"
            + HALVORSEN_SIGNATURE,
        ),
        _email(
            RAMIREZ,
            sent=_at(2020, 10, 14, 10, 40),
            to=[HALVORSEN],
            subject="RE: Release date request - A230-771-016",
            body="The release date is listed on the public inmate locator.\n\n" + RAMIREZ_SIGNATURE,
        ),
    ]


def _pvpd_printed() -> list[Item]:
    flock = _email(
        PARK,
        sent=_at(2023, 4, 11, 10, 5),
        to=[BELL],
        subject="Flock lookup request - plate 8ABC123",
        body="Sgt. Bell,\n\nHSI is working a narcotics trafficking case out of the port. Could you "
        "run plate 8ABC123 (CA) through your Flock cameras for the last 30 days and send any "
        "ALPR hits?\n\nJason Park\nSpecial Agent\nHomeland Security Investigations",
    )
    flock_reply = _reply(
        flock,
        BELL,
        sent=_at(2023, 4, 11, 13, 47),
        to=[PARK],
        body="Agent Park,\n\nUnder SB 34 (Civ. Code 1798.90.55) we cannot share ALPR data with "
        "federal agencies. If there is a joint case with a local agency, their analyst can "
        "request it through our crime analysis unit.\n\n" + BELL_SIGNATURE,
    )
    address = _email(
        MENDES,
        sent=_at(2023, 9, 18, 8, 30),
        to=[PV_RECORDS],
        subject="Request for address - A201-555-019",
        body="Good morning,\n\nERO is trying to locate the subject below. Can you provide his "
        "current home address, employer and phone number from your records?\n\n"
        "Name: ALVARADO-CRUZ, Hector\nDOB: 02/02/1979\nA-number: A201-555-019\n\n"
        "Carla Mendes\nDeportation Officer\nEnforcement and Removal Operations",
    )
    address_fw = _reply(
        address,
        PV_RECORDS,
        prefix="FW: ",
        sent=_at(2023, 9, 19, 9, 12),
        to=[BELL],
        quote_style="forwarded",
        body="Sgt. Bell - forwarding for review. We have not responded to ICE.\n\nRecords Unit",
    )
    briefing = _email(
        WHITAKER,
        sent=_at(2024, 5, 6, 17, 2),
        to=[
            BELL,
            ("Park, Jason", "jason.park@ice.dhs.gov"),
            ORTIZ,
            NGUYEN,
            ("Marisol Vega", "mvega@pvpd.example.gov"),
            ("Harbor Unit", None),
        ],
        cc=[("Foster, Diane", None)],
        subject="Task force briefing - Operation Harbor Light, 05/09 0500",
        body="All,\n\nThe briefing for Operation Harbor Light is Thursday 05/09 at 0500 at the "
        "Port Verde PD community room. The op plan is attached to the calendar invite.\n\n"
        "Agenda:\n1. Targets and warrants (FBI)\n2. Perimeter and traffic control (PVPD)\n"
        "3. Port of entry coordination (CBP)\n4. Evidence handling and interviews (HSI)\n\n"
        "This is a federal criminal task force operation (firearms and narcotics). Please "
        "confirm attendance by Wednesday noon.\n\nDana Whitaker\nSupervisory Special Agent\n"
        "Federal Bureau of Investigation",
    )
    burglary = _email(
        NGUYEN,
        sent=_at(2024, 11, 20, 15, 33),
        to=[BELL],
        subject="Burglary series - Harbor District",
        body="Sarge,\n\nThree commercial burglaries on Wharf Street since Sunday, all between "
        "0200 and 0400, same pry marks. Flock shows a gray pickup near two of the scenes. I'll "
        "have a bulletin out tomorrow.\n\nLinh Nguyen\nCrime Analyst\nCity of Port Verde",
    )
    talking_points = _email(
        BELL,
        sent=_at(2025, 2, 3, 12, 15),
        to=[("Foster, Diane", None)],
        subject="ICE activity inquiries - talking points",
        body="Chief,\n\nWe are getting calls from residents asking whether PVPD is assisting ICE "
        "with arrests in the Harbor District. Draft talking points: PVPD does not enforce civil "
        "immigration law, does not share ALPR data with federal agencies, and does not hold "
        "anyone on ICE detainers. Can you review before the council meeting?\n\n" + BELL_SIGNATURE,
    )
    chief_reply = _reply(
        talking_points,
        FOSTER,
        sent=_at(2025, 2, 4, 8, 2),
        to=[BELL],
        body="Marcus,\n\nLooks good. Add a line that the task force briefing last May was a "
        "federal criminal case and not immigration enforcement.\n\nChief Foster",
    )
    return [
        Thread(flock.subject, [flock, flock_reply]),
        Thread(address.subject, [address, address_fw]),
        Thread(briefing.subject, [briefing]),
        Thread(burglary.subject, [burglary]),
        Thread(talking_points.subject, [talking_points, chief_reply]),
    ]


def _pvpd_mobile() -> list[Item]:
    """Printed from Apple Mail on a phone: zoned dates, `Begin forwarded message:`, `wrote:`."""
    hold = _email(
        ORTIZ,
        sent=_at(2025, 3, 10, 7, 42),
        to=[BELL],
        subject="Port of entry hold - request for assistance",
        body="Sgt. Bell,\n\nWe have a traveler in secondary inspection at the Pier 4 port of "
        "entry with an outstanding local warrant from your department. Can you confirm the "
        "warrant and send a unit for the transfer?\n\nRaymond Ortiz\nCBP Officer\n"
        "U.S. Customs and Border Protection\n\nSent from my iPhone",
    )
    forward = _reply(
        hold,
        BELL,
        prefix="Fwd: ",
        sent=_at(2025, 3, 10, 7, 55),
        to=[FOSTER],
        quote_style="begin",
        body="Chief - CBP is asking us to pick up a traveler on our warrant at Pier 4. The "
        "warrant is for a local burglary case, nothing immigration related. OK to send a unit?"
        "\n\nMarcus\n\nSent from my iPhone",
    )
    approval = _reply(
        forward,
        FOSTER,
        prefix="Re: ",
        sent=_at(2025, 3, 10, 8, 3),
        to=[BELL],
        quote_style="wrote",
        body="Yes, on the local warrant only. Do not hold him for any immigration purpose and "
        "document the transfer in the report.\n\nChief Foster\n\nSent from my iPhone",
    )
    return [hold, forward, approval]


def _quoted_text(printed: PrintedEmail) -> str:
    """The history a mail client appends below a reply, in the same form the printout shows."""
    blocks = []
    for quoted in printed.quoted:
        header = "\n".join(f"{label} {value}" for label, value in header_rows(quoted, quoted=True))
        blocks.append(f"-----Original Message-----\n{header}\n\n{quoted.body}")
    return "\n\n".join([printed.body, *blocks])


def _eml_of_printed(printed: PrintedEmail) -> bytes:
    """The native copy of a printed email: same sender, recipients, subject and local time."""
    recipients = [(name, address) for name, address in printed.to if address]
    copies = [(name, address) for name, address in printed.cc if address]
    return make_eml(
        sender=(printed.from_name, printed.from_address or ""),
        to=recipients,
        cc=copies,
        date=printed.sent.replace(tzinfo=LOCAL),
        subject=printed.subject,
        body=_quoted_text(printed),
    )


def _form_pdf(title: str, text: str) -> bytes:
    """A one-page PDF used as a mail attachment (a synthetic detainer form)."""
    buffer = io.BytesIO()
    render_outlook_pdf(buffer, [PlainPage(title, text)], bates_prefix="ATT-", bates_start=1)
    return buffer.getvalue()


def _mbcso_emls(refusal: PrintedEmail) -> dict[str, tuple[bytes, int]]:
    """File name -> (bytes, number of quoted messages in the body)."""
    form = _form_pdf(
        "IMMIGRATION DETAINER - NOTICE OF ACTION (SYNTHETIC)",
        "Subject: RIOS-BANDA, Jorge\nA-number: A150-402-887\n\nSynthetic form for tests.",
    )
    rap_sheet = make_eml(
        sender=HALVORSEN,
        to=[SMITH],
        date=datetime(2019, 5, 2, 11, 20, tzinfo=LOCAL),
        subject="Criminal history request - RIOS-BANDA, Jorge",
        body="Deputy Smith,\n\nCould you send the criminal history (rap sheet) and CII number for "
        "the subject below? Detainer attached.\n\nName: RIOS-BANDA, Jorge\n"
        "A-number: A150-402-887\n\n" + HALVORSEN_SIGNATURE + "\n",
        attachments=[("I-247A_RIOS-BANDA.pdf", form, "application/pdf")],
    )
    original = "<locator-20180201@mbcso.example.gov>"
    locator = make_eml(
        sender=SMITH,
        to=[RAMIREZ],
        date=datetime(2018, 2, 2, 8, 44, tzinfo=LOCAL),
        subject="RE: Inmate locator - release dates",
        in_reply_to=original,
        body="Ana,\n\nYes - IT confirmed the public locator shows the scheduled release date "
        "but not the time.\n\nKevin\n\nOn Thu, Feb 1, 2018 at 4:10 PM, Ramirez, Ana "
        "<aramirez@mbcso.example.gov> wrote:\n> Kevin, does the inmate locator still show "
        "release dates?\n> ICE keeps asking us and counsel wants to know what is public.\n",
    )
    return {
        "RE_Immigration_Detainer_VALDEZ-ORTIZ.eml": (_eml_of_printed(refusal), 1),
        "Criminal_history_request_RIOS-BANDA.eml": (rap_sheet, 0),
        "RE_Inmate_locator_release_dates.eml": (locator, 1),
    }


def _mbcso_mbox() -> list[bytes]:
    notification = make_eml(
        sender=PERC,
        to=[CUSTODY_RECORDS],
        date=datetime(2019, 4, 9, 4, 12, tzinfo=LOCAL),
        subject="Notification Request (I-247N) - QUINTERO-SALAS, Beatriz",
        body="Please notify ICE of the release date and time of QUINTERO-SALAS, Beatriz "
        "(A188-903-221), booking 19-003302.\n\nPERC Duty Officer\n",
    )
    notification_id = email.message_from_bytes(notification)["Message-ID"]
    refusal = make_eml(
        sender=RAMIREZ,
        to=[PERC],
        date=datetime(2019, 4, 9, 8, 50, tzinfo=LOCAL),
        subject="RE: Notification Request (I-247N) - QUINTERO-SALAS, Beatriz",
        in_reply_to=notification_id,
        body="We will not honor this request. Under SB 54 (Gov. Code 7284.6) this individual "
        "does not meet the criteria of Gov. Code 7282.5.\n\n" + RAMIREZ_SIGNATURE + "\n",
    )
    parking = make_eml(
        sender=FACILITIES,
        to=[CUSTODY_RECORDS],
        date=datetime(2019, 5, 20, 7, 30, tzinfo=LOCAL),
        subject="North lot resurfacing",
        body="Heads up:\n\nFrom Monday May 27 through Friday May 31 the north lot will be "
        "closed for resurfacing. Park in the courthouse garage.\n\nFacilities\n",
    )
    court_date = make_eml(
        sender=HALVORSEN,
        to=[CUSTODY_RECORDS],
        date=datetime(2020, 1, 15, 13, 5, tzinfo=LOCAL),
        subject="Court date - booking 19-014402",
        body="Can you tell me the next court date for booking 19-014402?\n\n"
        + HALVORSEN_SIGNATURE
        + "\n",
    )
    return [notification, refusal, parking, court_date]


def _pvpd_emls() -> dict[str, tuple[bytes, int]]:
    audit_csv = (
        b"id,userId,searchDate,cameraCount,reason\n"
        b"1001,u-17,2025-03-05T10:14:03Z,212,burglary series\n"
        b"1002,u-17,2025-03-06T18:40:51Z,212,stolen vehicle\n"
    )
    liaison = make_eml(
        sender=ORTIZ,
        to=[BELL],
        cc=[FOSTER],
        date=datetime(2025, 3, 5, 17, 0, tzinfo=UTC),
        subject="Quarterly port security liaison meeting",
        body="Sgt. Bell,\n\nOur quarterly port security liaison meeting is set for March 20 at "
        "1000 at the CBP office on Pier 4. Agenda: cargo theft trends and contact list "
        "updates.\n\nRaymond Ortiz\nU.S. Customs and Border Protection\n",
    )
    audit = make_eml(
        sender=BELL,
        to=[NGUYEN],
        date=datetime(2025, 6, 12, 14, 25, tzinfo=LOCAL),
        subject="Flock audit log export for CPRA 2025-0042",
        body="Linh,\n\nAttached is the transparency-portal audit export for the CPRA request. "
        "Please confirm nothing federal shows up in the reasons.\n\nMarcus\n",
        attachments=[("flock_audit_2025Q1.csv", audit_csv, "text/csv")],
    )
    return {
        "Port_security_liaison_meeting.eml": (liaison, 0),
        "Flock_audit_log_export.eml": (audit, 0),
    }


def _shown_truth(shown: Shown) -> dict[str, object]:
    """What the print shows of a header: the values a reader of the page would record."""
    return {
        "from_name": shown.from_name,
        "from_address": shown.from_address,
        "subject": shown.subject,
        "sent_text": shown.sent_text,
    }


def _pdf_truth(rendered: list[Rendered], layout: str) -> list[dict[str, object]]:
    return [
        {
            **_shown_truth(item.shown),
            "layout": layout,
            "quoted": len(item.quoted),
            "quoted_messages": [_shown_truth(quote.shown) for quote in item.quoted],
            "page_start": item.page_start,
            "page_end": item.page_end,
            "bates_start": item.bates_start,
            "bates_end": item.bates_end,
        }
        for item in rendered
        if isinstance(item, RenderedEmail)
    ]


def _mail_truth(data: bytes, quoted: int) -> dict[str, object]:
    """Read back what was written, so the truth is the file and not the builder's intent."""
    message = email.message_from_bytes(data)
    name, address = email.utils.parseaddr(message["From"])
    return {
        "from_name": name or None,
        "from_address": address,
        "subject": message["Subject"],
        "sent_text": message["Date"],
        "quoted": quoted,
        "message_id": message["Message-ID"],
    }


class _Sample:
    """Writes files under the sample root and collects the truth about each one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.truth: Truth = {}

    def write(self, relative: str, data: bytes | str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="\n")
        else:
            path.write_bytes(data)
        return path

    def pdf(
        self,
        relative: str,
        items: list[Item],
        prefix: str,
        start: int,
        owner: str | None,
        layout: str = "outlook",
    ) -> int:
        """Render a printout; return the next free Bates number for the following file."""
        buffer = io.BytesIO()
        rendered = render_printout(
            buffer,
            items,
            layout=layout,
            bates_prefix=prefix,
            bates_start=start,
            mailbox_owner=owner,
            title=Path(relative).stem,
        )
        self.write(relative, buffer.getvalue())
        self.truth[relative] = _pdf_truth(rendered, layout)
        return start + max(r.page_end for r in rendered)

    def redact(self, relative: str, phrases: list[str]) -> None:
        """Black boxes over personal data in a printout already written (text layer kept)."""
        path = self.root / relative
        data, _ = redact_pdf(path.read_bytes(), phrases)
        path.write_bytes(data)

    def scan(self, relative: str) -> None:
        """Replace a printout already written by its scan: an image-only PDF that needs OCR."""
        path = self.root / relative
        path.write_bytes(scan_pdf(path.read_bytes(), dpi=200, seed=len(relative)))
        for entry in self.truth[relative]:
            entry["scanned"] = True  # no text layer: the pipeline reads it by OCR

    def damaged_pdf(self, relative: str, items: list[Item], prefix: str, start: int) -> None:
        buffer = io.BytesIO()
        render_outlook_pdf(buffer, items, bates_prefix=prefix, bates_start=start)
        self.write(relative, truncate_pdf(buffer.getvalue()))
        self.truth[relative] = []

    def emls(self, folder: str, files: dict[str, tuple[bytes, int]]) -> None:
        for name, (data, quoted) in files.items():
            relative = f"{folder}/{name}"
            self.write(relative, data)
            self.truth[relative] = [_mail_truth(data, quoted)]

    def mbox(self, relative: str, messages: list[bytes]) -> None:
        self.write(relative, make_mbox(messages))
        self.truth[relative] = [_mail_truth(m, 0) for m in messages]


README = f"""# {MARKER} - fictional agencies, people and events

Everything under this folder is SYNTHETIC. The Mariposa Bay County Sheriff's Office, the Port Verde
Police Department, every person, inmate, A-number, booking number and phone number are fictional.
Local agencies use `.example.gov` domains; federal parties use the public institutional domains
`ice.dhs.gov`, `cbp.dhs.gov` and `fbi.gov` with invented names.

Generated by `tests/make_sample_release.py`; do not edit by hand. Regenerate with

    .venv/bin/python -m tests.make_sample_release --out raw/sample

The files mimic real public-records releases: Outlook, Gmail and Apple Mail printouts (PDF with
Bates numbers), `.eml` files, an `.mbox` export and one damaged (truncated) PDF. Try the pipeline on it with

    records-audit run --raw raw/sample
"""

AGENCIES = [
    ["agency_id", "name", "agency_type", "county", "state", "timezone", "email_domains"],
    [
        "mbcso",
        "Mariposa Bay County Sheriff's Office",
        "sheriff",
        "Mariposa Bay",
        "CA",
        "America/Los_Angeles",
        "mbcso.example.gov",
    ],
    [
        "pvpd",
        "Port Verde Police Department",
        "police",
        "Mariposa Bay",
        "CA",
        "America/Los_Angeles",
        "portverde.example.gov;pvpd.example.gov",
    ],
]

SB54_URL = "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180SB54"
SB34_URL = "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201520160SB34"
POLICIES = [
    ["agency_id", "effective_date", "policy", "description", "source_url"],
    ["mbcso", "2018-01-01", "SB 54", "California Values Act takes effect", SB54_URL],
    ["mbcso", "2019-07-01", "ended_287g", "Fictional: MBCSO's 287(g) jail agreement ends", ""],
    ["pvpd", "2016-01-01", "SB 34", "ALPR data may not be shared with federal agencies", SB34_URL],
    ["pvpd", "2018-01-01", "SB 54", "California Values Act takes effect", SB54_URL],
]


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _release_toml(request: str, received: str, requester: str) -> str:
    return (
        f'request_number = "{request}"\nlaw = "CPRA"\ndate_received = "{received}"\n'
        f'requester = "{requester}"\n'
        f'notes = "{MARKER}: generated by tests/make_sample_release.py; agencies, people and '
        'events are fictional."\n'
    )


def _write_mbcso(sample: _Sample) -> None:
    release = MBCSO_RELEASE
    sample.write(
        f"{release}/release.toml",
        _release_toml("2024-CPRA-0117", "2024-05-20", "Mariposa Bay Transparency Project"),
    )
    part1 = _mbcso_part1()
    refusal = part1[-1]
    assert isinstance(refusal, PrintedEmail)
    part1_path = f"{release}/CPRA-0117_Responsive_Records_Part1.pdf"
    part2_path = f"{release}/CPRA-0117_Responsive_Records_Part2.pdf"
    bates = sample.pdf(part1_path, part1, "MBCSO-", 1, "Ramirez, Ana")
    bates = sample.pdf(part2_path, _mbcso_part2(refusal), "MBCSO-", bates, "Okafor, Daniel")
    for path in (part1_path, part2_path):
        sample.redact(path, PERSONAL_DATA)
    # A scanned fax: image-only pages, read by OCR (its Bates numbers follow Part 2's).
    scanned_path = f"{release}/CPRA-0117_Scanned_Fax.pdf"
    bates = sample.pdf(scanned_path, _mbcso_scanned(), "MBCSO-", bates, None)
    sample.scan(scanned_path)
    sample.damaged_pdf(f"{release}/CPRA-0117_Part3_damaged.pdf", _mbcso_part3(), "MBCSO-", bates)
    sample.emls(f"{release}/emails", _mbcso_emls(refusal))
    # The refusal three ways: printed (Part 1), native (.eml), quoted by PERC's answer (Part 2).
    twin = sample.truth[f"{release}/emails/RE_Immigration_Detainer_VALDEZ-ORTIZ.eml"][0]
    twin["duplicate_of"] = f"{part1_path}#{len(sample.truth[part1_path]) - 1}"
    twin["quoted_in"] = f"{part2_path}#0"
    sample.mbox(f"{release}/mailbox_export.mbox", _mbcso_mbox())


def _write_pvpd(sample: _Sample) -> None:
    release = PVPD_RELEASE
    sample.write(
        f"{release}/release.toml",
        _release_toml("2025-CPRA-0042", "2025-04-02", "Port Verde Community Oversight Coalition"),
    )
    gmail = "Marcus Bell <mbell@pvpd.example.gov>"
    bates = sample.pdf(
        f"{release}/PVPD_CPRA_2025-0042_Emails.pdf", _pvpd_printed(), "PVPD-", 1, gmail, "gmail"
    )
    sample.pdf(
        f"{release}/PVPD_CPRA_2025-0042_Mobile.pdf", _pvpd_mobile(), "PVPD-", bates, None, "apple"
    )
    sample.emls(f"{release}/emails", _pvpd_emls())
    log = pvpd_organization_audit()  # a Flock organization audit: 40 searches, 4 for immigration
    sample.write(f"{release}/{log.name}", log.data)


def _prepare(root: Path) -> None:
    """Empty `root`, but only if it is missing, empty or a sample this script made before."""
    if root.exists() and any(root.iterdir()):
        readme = root / "README.md"
        if not (readme.is_file() and MARKER in readme.read_text(encoding="utf-8")):
            raise SystemExit(
                f"{root} is not empty and is not a generated sample; refusing to clear it"
            )
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)


def build_sample(root: Path) -> Truth:
    """Write the whole sample under `root` (cleared first) and return the truth per file."""
    rl_config.invariant = 1
    _prepare(root)
    sample = _Sample(root)
    sample.write("README.md", README)
    sample.write("agencies.csv", _csv(AGENCIES))
    sample.write("policies.csv", _csv(POLICIES))
    _write_mbcso(sample)
    _write_pvpd(sample)
    return sample.truth


def sample_truth() -> Truth:
    """Per file (path relative to the raw root): the emails it holds, in file order.

    Each email has from_name, from_address, subject, sent_text and `quoted` (how many messages its
    body quotes). Printouts give what the page shows (a Gmail message shows its thread's title as
    subject) and add layout (outlook, gmail or apple), page_start/page_end/bates_start/bates_end
    and `quoted_messages` (what each quoted header shows: an `On ... wrote:` line shows no
    subject); native mail adds message_id. The damaged PDF maps to an empty list.

    One email is in the mbcso release three times, for dedup: the .eml
    `emails/RE_Immigration_Detainer_VALDEZ-ORTIZ.eml` names its printed copy in `duplicate_of`
    (`<path>#<index>`, the last email of Part 1) and the printed reply that quotes it in
    `quoted_in` (the first email of Part 2); from, to, subject and date agree, the prints showing
    the date to the minute.
    """
    with tempfile.TemporaryDirectory() as tmp:
        return build_sample(Path(tmp) / "sample")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="(Re)create the synthetic sample raw root.")
    parser.add_argument("--out", default="raw/sample", type=Path)
    args = parser.parse_args(argv)
    truth = build_sample(args.out)
    messages = sum(len(emails) for emails in truth.values())
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {len(truth)} release files ({messages} messages, {size:,} bytes) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

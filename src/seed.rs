//! `huying seed-demo`: a believable demo jurisdiction, created once and
//! found again on every later run (each record is looked up by its unique
//! key before it is inserted), so running it twice changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use secrecy::SecretString;
use serde::Serialize;
use uuid::Uuid;

use crate::{
    auth::Passwords,
    domain::{
        calendar::{BusinessDuration, Calendar, HolidayList},
        codes::{CategoryCode, DepartmentCode, Login},
        credit_code::CreditCode,
        role::Membership,
        sla_policy::{ClockTargets, Target, WarnRatio},
    },
    store::{
        self, StoreError,
        calendars::{CalendarDefinition, ImportError},
        catalogue::{NewCategory, NewServiceItem, PolicySpec},
        organisations::{ChainChanges, NewChain, NewDepartment, NewEnterprise},
        users::{NewUser, UserChanges},
    },
};

/// The State Council's 2026 holiday arrangement, shipped with the binary.
pub const CN_HOLIDAYS_2026: &str = include_str!("../data/cn-public-holidays-2026.json");
pub const GOV_CALENDAR: &str = "China government office hours";
pub const ALWAYS_CALENDAR: &str = "24x7";

#[derive(Serialize)]
pub struct SeedReport {
    pub users: Vec<SeededUser>,
    pub departments: Vec<Named>,
    pub enterprises: Vec<Named>,
    pub service_items: Vec<SeededItem>,
    pub chains: Vec<Named>,
    pub calendars: Vec<Named>,
    pub sla_policies: Vec<Named>,
    pub categories: Vec<String>,
}

#[derive(Serialize)]
pub struct SeededUser {
    pub login: String,
    pub password: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_id: Option<Uuid>,
}

#[derive(Serialize)]
pub struct Named {
    pub id: Uuid,
    pub name: String,
}

#[derive(Serialize)]
pub struct SeededItem {
    pub id: Uuid,
    pub name: String,
    pub department_id: Uuid,
    pub category: String,
    pub auto_dispatch: bool,
}

const DEPARTMENTS: &[(&str, &str)] = &[
    ("HRSS", "区人力资源和社会保障局"),
    ("FIN", "区财政局"),
    ("NRP", "区自然资源和规划局"),
    ("EDU", "区教育局"),
    ("HUD", "区住房和城乡建设局"),
    ("HEALTH", "区卫生健康委员会"),
    ("APPROVAL", "区行政审批局"),
    ("DRC", "区发展和改革委员会"),
    ("JUSTICE", "区司法局"),
];

/// Response secs, first-response secs, resolution working days.
type Targets = (i64, i64, u32);

/// Policy name, normal targets, urgent targets.
const POLICIES: &[(&str, Targets, Targets)] = &[
    ("标准服务时限", (4 * 3600, 8 * 3600, 5), (3600, 2 * 3600, 2)),
    ("快速答复时限", (2 * 3600, 4 * 3600, 2), (1800, 3600, 1)),
    (
        "复杂事项时限",
        (8 * 3600, 16 * 3600, 15),
        (2 * 3600, 4 * 3600, 5),
    ),
];

/// Code, name, default department, default policy (index into POLICIES).
const CATEGORIES: &[(&str, &str, &str, usize)] = &[
    ("hiring", "招工用工", "HRSS", 0),
    ("financing", "融资贷款", "FIN", 0),
    ("land", "用地保障", "NRP", 2),
    ("schooling", "子女入学", "EDU", 0),
    ("housing", "人才住房", "HUD", 0),
    ("medical", "就医保障", "HEALTH", 1),
    ("permits", "审批许可", "APPROVAL", 2),
    ("policy", "政策咨询", "DRC", 1),
    ("legal", "法律服务", "JUSTICE", 0),
    ("other", "其他诉求", "DRC", 0),
];

/// Department, category, name, description, auto-dispatch.
const SERVICE_ITEMS: &[(&str, &str, &str, &str, bool)] = &[
    (
        "HRSS",
        "hiring",
        "专场招聘会对接",
        "为企业举办或对接专场招聘会，匹配一线操作工与技术工人。",
        true,
    ),
    (
        "HRSS",
        "hiring",
        "技能培训补贴申领",
        "指导企业申领职业技能培训补贴。",
        false,
    ),
    (
        "HRSS",
        "hiring",
        "稳岗返还政策咨询",
        "解答失业保险稳岗返还的条件与流程。",
        true,
    ),
    (
        "FIN",
        "financing",
        "政银企融资对接",
        "组织银行与企业对接，匹配流动资金贷款与技改贷款。",
        false,
    ),
    (
        "FIN",
        "financing",
        "贷款贴息申报",
        "受理产业链企业贷款贴息申报。",
        false,
    ),
    (
        "NRP",
        "land",
        "工业用地预审与选址",
        "项目用地预审、规划选址与供地方式咨询。",
        false,
    ),
    (
        "NRP",
        "land",
        "标准厂房租赁对接",
        "对接园区标准厂房资源。",
        true,
    ),
    (
        "EDU",
        "schooling",
        "人才子女入学协调",
        "为企业引进人才的子女协调义务教育学位。",
        true,
    ),
    (
        "EDU",
        "schooling",
        "员工子女转学咨询",
        "解答员工子女转学、插班的政策与流程。",
        false,
    ),
    (
        "HUD",
        "housing",
        "人才公寓申请",
        "受理企业人才公寓与公租房申请。",
        true,
    ),
    (
        "HEALTH",
        "medical",
        "高层次人才就医绿色通道",
        "为高层次人才提供预约诊疗绿色通道。",
        false,
    ),
    (
        "APPROVAL",
        "permits",
        "施工许可并联审批",
        "工程建设项目施工许可并联审批帮办。",
        false,
    ),
    (
        "APPROVAL",
        "permits",
        "环评审批咨询",
        "建设项目环境影响评价审批前置咨询。",
        false,
    ),
    (
        "DRC",
        "policy",
        "惠企政策解读",
        "解读省、市、区惠企政策与申报条件。",
        true,
    ),
    (
        "JUSTICE",
        "legal",
        "企业法律体检",
        "为企业提供合同、用工、知识产权等法律体检。",
        false,
    ),
];

const CHAIN: (&str, &str) = (
    "新型显示产业链",
    "面板、玻璃基板、驱动芯片、偏光片等上下游企业组成的新型显示产业集群。",
);

/// Name, first 17 characters of the credit code, in the chain, lead.
const ENTERPRISES: &[(&str, &str, bool, bool)] = &[
    ("鑫显光电科技股份有限公司", "91340100MA2N0A1B3", true, true),
    ("华屏玻璃基板有限公司", "91340100MA2N0C2D4", true, false),
    ("晶驱微电子科技有限公司", "91340100MA2N0E3F5", true, false),
    ("明途偏光材料有限公司", "91340100MA2N0G4H6", true, false),
    ("恒达精密机械有限公司", "91340100MA2N0J5K7", false, false),
];

/// Login, password, role, department code or enterprise index.
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<usize>,
);

const USERS: &[DemoUser] = &[
    ("admin", "admin-demo-2026", "admin", None, None),
    ("dispatcher", "dispatch-demo-2026", "dispatcher", None, None),
    (
        "supervisor",
        "supervise-demo-2026",
        "supervisor",
        None,
        None,
    ),
    ("staff.hrss", "staff-demo-2026", "staff", Some("HRSS"), None),
    ("staff.fin", "staff-demo-2026", "staff", Some("FIN"), None),
    ("staff.nrp", "staff-demo-2026", "staff", Some("NRP"), None),
    ("staff.edu", "staff-demo-2026", "staff", Some("EDU"), None),
    (
        "xinxian",
        "enterprise-demo-2026",
        "enterprise",
        None,
        Some(0),
    ),
    (
        "huaping",
        "enterprise-demo-2026",
        "enterprise",
        None,
        Some(1),
    ),
    (
        "hengda",
        "enterprise-demo-2026",
        "enterprise",
        None,
        Some(4),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("demo data is invalid: {0}")]
    Data(String),
    #[error(transparent)]
    Password(#[from] crate::auth::password::PasswordError),
}

fn data<E: std::fmt::Display>(e: E) -> SeedError {
    SeedError::Data(e.to_string())
}

pub async fn seed_demo(
    db: &DatabaseConnection,
    passwords: &Passwords,
    now: DateTime<Utc>,
) -> Result<SeedReport, SeedError> {
    let tx = store::write_tx(db).await?;
    let calendars = seed_calendars(&tx, now).await?;
    let gov_calendar = calendars[0].id;

    let mut departments = Vec::new();
    for (code, name) in DEPARTMENTS {
        let m = match store::organisations::find_department_by_code(&tx, code).await? {
            Some(m) => m,
            None => {
                let new = NewDepartment {
                    code: DepartmentCode::parse(code).map_err(data)?,
                    name: name.to_string(),
                };
                store::organisations::insert_department(&tx, new, now).await?
            }
        };
        departments.push((
            m.code.clone(),
            Named {
                id: m.id,
                name: m.name,
            },
        ));
    }
    let department_id = |code: &str| -> Result<Uuid, SeedError> {
        departments
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.id)
            .ok_or_else(|| SeedError::Data(format!("unknown department {code}")))
    };

    let mut policies = Vec::new();
    for (name, normal, urgent) in POLICIES {
        let m = match store::catalogue::find_policy_by_name(&tx, name).await? {
            Some(m) => m,
            None => {
                let targets = |(r, f, d): (i64, i64, u32)| -> Result<ClockTargets, SeedError> {
                    Ok(ClockTargets {
                        response: Target::Business(BusinessDuration::from_secs(r).map_err(data)?),
                        first_response: Some(Target::Business(
                            BusinessDuration::from_secs(f).map_err(data)?,
                        )),
                        resolution: Target::WorkingDays(d),
                    })
                };
                let spec = PolicySpec {
                    name: name.to_string(),
                    calendar_id: gov_calendar,
                    warn_ratio: WarnRatio::new(0.8).map_err(data)?,
                    warn_lead_secs: None,
                    normal: targets(*normal)?,
                    urgent: targets(*urgent)?,
                    active: true,
                };
                store::catalogue::insert_policy(&tx, spec, now).await?
            }
        };
        policies.push(Named {
            id: m.id,
            name: m.name,
        });
    }

    let mut categories = Vec::new();
    for (sort, (code, name, department, policy)) in CATEGORIES.iter().enumerate() {
        if store::catalogue::get_category(&tx, code).await?.is_none() {
            let new = NewCategory {
                code: CategoryCode::parse(code).map_err(data)?,
                name: name.to_string(),
                description: String::new(),
                default_department_id: department_id(department)?,
                default_sla_policy_id: Some(policies[*policy].id),
                sort_order: (sort as i32 + 1) * 10,
            };
            store::catalogue::insert_category(&tx, new, now).await?;
        }
        categories.push(code.to_string());
    }

    let mut service_items = Vec::new();
    for (department, category, name, description, auto) in SERVICE_ITEMS {
        let dept = department_id(department)?;
        let m = match store::catalogue::find_service_item(&tx, dept, name).await? {
            Some(m) => m,
            None => {
                let new = NewServiceItem {
                    department_id: dept,
                    category: category.to_string(),
                    name: name.to_string(),
                    description: description.to_string(),
                    sla_policy_id: None,
                    auto_dispatch: *auto,
                };
                store::catalogue::insert_service_item(&tx, new, now).await?
            }
        };
        service_items.push(SeededItem {
            id: m.id,
            name: m.name,
            department_id: m.department_id,
            category: m.category,
            auto_dispatch: m.auto_dispatch,
        });
    }

    let chain = match store::organisations::find_chain_by_name(&tx, CHAIN.0).await? {
        Some(m) => m,
        None => {
            let new = NewChain {
                name: CHAIN.0.to_string(),
                description: CHAIN.1.to_string(),
                lead_enterprise_id: None,
            };
            store::organisations::insert_chain(&tx, new, now).await?
        }
    };
    let mut enterprises = Vec::new();
    for (name, code17, in_chain, lead) in ENTERPRISES {
        let code = CreditCode::with_check_digit(code17).map_err(data)?;
        let m = match store::organisations::find_enterprise_by_credit_code(&tx, &code).await? {
            Some(m) => m,
            None => {
                let new = NewEnterprise {
                    name: name.to_string(),
                    credit_code: code,
                    chain_id: in_chain.then_some(chain.id),
                    address: "高新区创新大道".to_string(),
                    contact_name: String::new(),
                    contact_phone: String::new(),
                };
                store::organisations::insert_enterprise(&tx, new, now).await?
            }
        };
        if *lead && chain.lead_enterprise_id.is_none() {
            let changes = ChainChanges {
                lead_enterprise_id: Some(Some(m.id)),
                ..Default::default()
            };
            store::organisations::update_chain(&tx, chain.id, changes, now).await?;
        }
        enterprises.push(Named {
            id: m.id,
            name: m.name,
        });
    }

    let mut users = Vec::new();
    for (login, password, role, department, enterprise) in USERS {
        let membership = Membership::new(
            role.parse().map_err(data)?,
            department.map(department_id).transpose()?,
            enterprise.map(|i| enterprises[i].id),
        )
        .map_err(data)?;
        ensure_user(&tx, passwords, login, password, membership, now).await?;
        users.push(SeededUser {
            login: login.to_string(),
            password: password.to_string(),
            role: role.to_string(),
            enterprise_id: membership.enterprise_id(),
            department_id: membership.department_id(),
        });
    }
    tx.commit().await.map_err(StoreError::from)?;

    Ok(SeedReport {
        users,
        departments: departments.into_iter().map(|(_, n)| n).collect(),
        enterprises,
        service_items,
        chains: vec![Named {
            id: chain.id,
            name: chain.name,
        }],
        calendars,
        sla_policies: policies,
        categories,
    })
}

/// Creates a demo user, or makes sure an existing one can still sign in
/// with the printed password (the output must be true on every run).
async fn ensure_user(
    db: &impl ConnectionTrait,
    passwords: &Passwords,
    login: &str,
    password: &str,
    membership: Membership,
    now: DateTime<Utc>,
) -> Result<(), SeedError> {
    match store::users::find_credentials(db, login).await? {
        None => {
            let new = NewUser {
                login: Login::parse(login).map_err(data)?,
                display_name: login.to_string(),
                password_hash: passwords.hash(SecretString::from(password)).await?,
                membership,
                is_lead: false,
            };
            store::users::insert(db, new, now).await?;
        }
        Some((user, hash)) => {
            let ok = passwords
                .verify(SecretString::from(password), Some(hash))
                .await?;
            if !ok || !user.active {
                let changes = UserChanges {
                    password_hash: Some(passwords.hash(SecretString::from(password)).await?),
                    active: Some(true),
                    ..Default::default()
                };
                store::users::update(db, user.id, changes, now).await?;
            }
        }
    }
    Ok(())
}

/// The government calendar is made the way an administrator makes one:
/// office hours first, then the year's holiday list imported over them.
async fn seed_calendars(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<Named>, SeedError> {
    let list: HolidayList = serde_json::from_str(CN_HOLIDAYS_2026).map_err(data)?;
    let office =
        Calendar::china_government_office_hours(BTreeSet::new(), BTreeMap::new()).map_err(data)?;
    let mut out = Vec::new();
    for (name, calendar, holidays) in [
        (GOV_CALENDAR, office, Some(&list)),
        (ALWAYS_CALENDAR, Calendar::always_open(), None),
    ] {
        let m = match store::calendars::find_calendar_by_name(db, name).await? {
            Some(m) => m,
            None => {
                let definition = CalendarDefinition {
                    name: name.to_string(),
                    calendar,
                    notes: BTreeMap::new(),
                };
                let m = store::calendars::insert_calendar(db, definition, now).await?;
                if let Some(list) = holidays {
                    let mon = HolidayList::DEFAULT_MAKE_UP_HOURS;
                    store::calendars::import_holiday_list(db, m.id, list, mon, now)
                        .await
                        .map_err(|e| match e {
                            ImportError::Store(e) => SeedError::Store(e),
                            ImportError::Rejected(e) => data(e),
                        })?;
                }
                m
            }
        };
        out.push(Named {
            id: m.id,
            name: m.name,
        });
    }
    Ok(out)
}

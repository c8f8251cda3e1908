//! Departments, industry chains and enterprises (with the credit-code check).

use serde_json::json;

use crate::helpers::TestApp;

crate::both_backends!(
    departments_crud_and_rules,
    chains_and_their_lead_enterprise,
    enterprises_crud_and_scoping,
    credit_codes_are_checked_to_the_check_digit,
);

async fn departments_crud_and_rules(app: TestApp) {
    let w = app.world().await;
    let created = app
        .post(
            "/api/v1/departments",
            &w.admin,
            json!({"code": "NRP", "name": " 自然资源局 "}),
        )
        .await;
    assert_eq!(created.assert_status(201)["name"], "自然资源局");
    let id = created.id();
    app.post(
        "/api/v1/departments",
        &w.admin,
        json!({"code": "NRP", "name": "again"}),
    )
    .await
    .assert_problem(409, "already_exists");
    for (body, field) in [
        (json!({"code": "N", "name": "x"}), "code"),
        (json!({"code": "自然", "name": "x"}), "code"),
        (json!({"code": "OK2", "name": ""}), "name"),
        (json!({"code": "OK2"}), "name"),
        (json!({"code": "OK2", "name": "x".repeat(101)}), "name"),
    ] {
        let resp = app.post("/api/v1/departments", &w.admin, body).await;
        resp.assert_problem(422, "validation_failed");
        assert!(resp.body["errors"][field].is_string(), "{}", resp.text);
    }
    let updated = app
        .patch(
            &format!("/api/v1/departments/{id}"),
            &w.admin,
            json!({"active": false}),
        )
        .await;
    assert_eq!(updated.assert_status(200)["active"], false);
    app.patch(
        &format!("/api/v1/departments/{id}"),
        &w.admin,
        json!({"code": "X"}),
    )
    .await
    .assert_problem(422, "validation_failed");
    // Everyone signed in reads departments; only admins write.
    for login in ["ent.a", "staff.a", "dispatcher", "supervisor"] {
        let list = app
            .get("/api/v1/departments?active=true", w.token(login))
            .await;
        assert_eq!(
            list.assert_status(200)["items"].as_array().unwrap().len(),
            2
        );
        app.post(
            "/api/v1/departments",
            w.token(login),
            json!({"code": "ZZ", "name": "z"}),
        )
        .await
        .assert_problem(403, "forbidden");
    }
}

async fn chains_and_their_lead_enterprise(app: TestApp) {
    let w = app.world().await;
    let chain = app
        .post(
            "/api/v1/chains",
            &w.admin,
            json!({"name": "新型显示产业链", "description": "面板与材料"}),
        )
        .await;
    let chain_id = chain.id();
    assert_eq!(
        chain.assert_status(201)["lead_enterprise_id"],
        serde_json::Value::Null
    );
    app.post(
        "/api/v1/chains",
        &w.admin,
        json!({"name": "新型显示产业链"}),
    )
    .await
    .assert_problem(409, "already_exists");
    // The lead must belong to the chain.
    let resp = app
        .patch(
            &format!("/api/v1/chains/{chain_id}"),
            &w.admin,
            json!({"lead_enterprise_id": w.ent_a}),
        )
        .await;
    resp.assert_problem(422, "validation_failed");
    assert!(resp.body["errors"]["lead_enterprise_id"].is_string());
    app.patch(
        &format!("/api/v1/enterprises/{}", w.ent_a),
        &w.admin,
        json!({"chain_id": chain_id}),
    )
    .await
    .assert_status(200);
    let led = app
        .patch(
            &format!("/api/v1/chains/{chain_id}"),
            &w.admin,
            json!({"lead_enterprise_id": w.ent_a}),
        )
        .await;
    assert_eq!(
        led.assert_status(200)["lead_enterprise_id"],
        w.ent_a.as_str()
    );
    let members = app
        .get(
            &format!("/api/v1/enterprises?chain_id={chain_id}"),
            &w.admin,
        )
        .await;
    assert_eq!(members.body["items"].as_array().unwrap().len(), 1);
    let cleared = app
        .patch(
            &format!("/api/v1/chains/{chain_id}"),
            &w.admin,
            json!({"lead_enterprise_id": null}),
        )
        .await;
    assert_eq!(
        cleared.assert_status(200)["lead_enterprise_id"],
        serde_json::Value::Null
    );
    app.post(
        "/api/v1/chains",
        w.token("dispatcher"),
        json!({"name": "x"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get(&format!("/api/v1/chains/{chain_id}"), w.token("ent.b"))
        .await
        .assert_status(200);
}

async fn enterprises_crud_and_scoping(app: TestApp) {
    let w = app.world().await;
    let created = app
        .post(
            "/api/v1/enterprises",
            &w.admin,
            json!({"name": "腾讯计算机", "credit_code": "9144030071526726xg",
                   "address": "深圳", "contact_name": "王五", "contact_phone": "0755-1"}),
        )
        .await;
    assert_eq!(
        created.assert_status(201)["credit_code"],
        "9144030071526726XG"
    );
    let id = created.id();
    app.post(
        "/api/v1/enterprises",
        &w.admin,
        json!({"name": "dup", "credit_code": "9144030071526726XG"}),
    )
    .await
    .assert_problem(409, "already_exists");
    let renamed = app
        .patch(
            &format!("/api/v1/enterprises/{id}"),
            &w.admin,
            json!({"name": "腾讯"}),
        )
        .await;
    assert_eq!(renamed.assert_status(200)["name"], "腾讯");
    app.patch(
        &format!("/api/v1/enterprises/{id}"),
        &w.admin,
        json!({"credit_code": "91350100M000100Y43"}),
    )
    .await
    .assert_problem(422, "validation_failed");
    let search = app.get("/api/v1/enterprises?q=腾讯", &w.admin).await;
    assert_eq!(search.body["items"].as_array().unwrap().len(), 1);
    let search = app.get("/api/v1/enterprises?q=%25", &w.admin).await;
    assert_eq!(
        search.body["items"].as_array().unwrap().len(),
        0,
        "% matches itself only"
    );

    // An enterprise contact sees their own enterprise only.
    let own = app.get("/api/v1/enterprises", w.token("ent.a")).await;
    let items = own.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], w.ent_a.as_str());
    app.get(
        &format!("/api/v1/enterprises/{}", w.ent_a),
        w.token("ent.a"),
    )
    .await
    .assert_status(200);
    app.get(
        &format!("/api/v1/enterprises/{}", w.ent_b),
        w.token("ent.a"),
    )
    .await
    .assert_problem(404, "not_found");
    let all = app.get("/api/v1/enterprises", w.token("dispatcher")).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 3);
    app.post(
        "/api/v1/enterprises",
        w.token("staff.a"),
        json!({"name": "x", "credit_code": "91350100M000100Y43"}),
    )
    .await
    .assert_problem(403, "forbidden");
}

async fn credit_codes_are_checked_to_the_check_digit(app: TestApp) {
    let admin = app.admin().await;
    let valid = [
        "91110108551385082Q",
        "91330100716105852F",
        "911100001011016602",
    ];
    for code in valid {
        let resp = app
            .post(
                "/api/v1/enterprises",
                &admin,
                json!({"name": code, "credit_code": code}),
            )
            .await;
        resp.assert_status(201);
    }
    let invalid = [
        ("91110108551385082R", "check digit"),
        ("91110000101101660J", "check digit"),
        ("9111010855138508", "18 characters"),
        ("91110108551385082QQ", "18 characters"),
        ("9111010855138508IQ", "not allowed"),
        ("Z1110108551385082Q", "not allowed"),
        ("B1110108551385082Q", "authority"),
        ("91A10108551385082Q", "division"),
        ("", "18 characters"),
    ];
    for (code, why) in invalid {
        let resp = app
            .post(
                "/api/v1/enterprises",
                &admin,
                json!({"name": "x", "credit_code": code}),
            )
            .await;
        resp.assert_problem(422, "validation_failed");
        let message = resp.body["errors"]["credit_code"].as_str().unwrap();
        assert!(message.contains(why), "{code}: {message}");
    }
    let list = app.get("/api/v1/enterprises", &admin).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), valid.len());
}

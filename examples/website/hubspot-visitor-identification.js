/*
 * HubSpot Visitor Identification: the website side.
 *
 * Asks your n8n webhook (the "HubSpot Visitor Identification" node) for a visitor token and hands it to
 * HubSpot's chat widget, so a visitor you already know skips the chat's email form.
 *
 *   <script src="/hubspot-visitor-identification.js"></script>
 *   <script>
 *     HubspotVisitorIdentification.start({
 *       webhookUrl: 'https://n8n.example.com/webhook/hubspot-visitor-token',
 *       portalId: '1234567',
 *       eu: false,
 *       email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe',
 *     });
 *   </script>
 *
 * With a workflow whose node verifies ID tokens (examples/verified.json), pass your login provider's ID
 * token instead of the email: getIdToken: function (o) { return auth.currentUser.getIdToken(o.forceRefresh); }
 * (Firebase; Clerk: Clerk.session.getToken(); Auth0: ... getIdTokenClaims().__raw). It is sent as
 * "Authorization: Bearer ...", and asked again with { forceRefresh: true } once if the webhook answers 401.
 *
 * Under consent rules, pass waitForConsent: an async function that resolves true once the visitor agrees (your
 * consent tool's callback); nothing loads and nothing is asked before. With HubSpot's own cookie banner, pass
 * waitForConsent: 'hubspot' (its banner is part of HubSpot's script, so that script loads first, chat held back).
 *
 * This script loads HubSpot's loader itself: remove HubSpot's own embed code (hs-script-loader) from the page.
 * Plain ES2017, no dependencies, no build step. MIT licence.
 */
(function (window, document) {
	'use strict';

	// sessionStorage only: it dies with the tab, is never sent to a server, and other tabs and origins cannot read it.
	var STORAGE_KEY = 'hubspotVisitorIdentification';
	var DEFAULT_TIMEOUT_MS = 8000;
	// Stop using a stored token a little before HubSpot stops accepting it, so a chat opened late still works.
	var DEFAULT_REFRESH_MARGIN_SECONDS = 300;
	// HubSpot's tokens live 12 hours; a longer expiresAt from a misconfigured server is not believed.
	var TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
	var LOG_PREFIX = '[hubspot-visitor-identification] ';

	var current = null; // the options of the last start() or switchVisitor()
	// Every start, switch and logout bumps this, so a slow webhook answer cannot undo a later logout.
	var generation = 0;

	function conversationsSettings() {
		if (!window.hsConversationsSettings || typeof window.hsConversationsSettings !== 'object') {
			window.hsConversationsSettings = {};
		}
		return window.hsConversationsSettings;
	}

	// As the node compares emails (trimmed, lower-cased), and in one Unicode form (NFC), so that an address typed
	// with a combining accent and the same address with a precomposed one are not taken for two visitors.
	function normalizeEmail(email) {
		var text = String(email).trim();
		return (typeof text.normalize === 'function' ? text.normalize('NFC') : text).toLowerCase();
	}

	// Protocol-relative, as in HubSpot's own embed code.
	function loaderUrl(portalId, eu) {
		return '//js' + (eu ? '-eu1' : '') + '.hs-scripts.com/' + encodeURIComponent(portalId) + '.js';
	}

	function injectLoader(portalId, eu) {
		// The id HubSpot's own embed code uses: one loader per page, even if start() runs twice.
		if (document.getElementById('hs-script-loader')) return;
		var script = document.createElement('script');
		script.id = 'hs-script-loader';
		script.async = true;
		script.defer = true;
		script.src = loaderUrl(portalId, eu);
		(document.head || document.documentElement).appendChild(script);
	}

	// HubSpot calls the functions in hsConversationsOnReady once its API exists; after that we call it directly.
	function whenWidgetApiReady(callback) {
		if (window.HubSpotConversations) {
			callback(window.HubSpotConversations);
			return;
		}
		window.hsConversationsOnReady = window.hsConversationsOnReady || [];
		window.hsConversationsOnReady.push(function () {
			callback(window.HubSpotConversations);
		});
	}

	function widgetIsLoaded(api) {
		try {
			return Boolean(api.widget.status().loaded);
		} catch (error) {
			return false;
		}
	}

	function applyIdentity(identity) {
		var settings = conversationsSettings();
		settings.loadImmediately = false;
		if (identity) {
			// The email the token was made for, as the server answered it: HubSpot rejects any other.
			settings.identificationEmail = identity.identificationEmail;
			settings.identificationToken = identity.identificationToken;
		} else {
			delete settings.identificationEmail;
			delete settings.identificationToken;
		}
	}

	// --- the token kept for this tab -------------------------------------------------------------

	function forgetStoredToken() {
		try {
			window.sessionStorage.removeItem(STORAGE_KEY);
		} catch (error) {
			// Storage can be disabled (privacy settings); then there is nothing to forget.
		}
	}

	function readStoredToken(email, refreshMarginMs) {
		var entry;
		try {
			entry = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || 'null');
		} catch (error) {
			return null;
		}
		if (!entry) return null;
		var usable =
			entry.email === email &&
			typeof entry.identificationEmail === 'string' &&
			normalizeEmail(entry.identificationEmail) === email &&
			typeof entry.identificationToken === 'string' &&
			Date.parse(entry.expiresAt) - refreshMarginMs > Date.now();
		if (!usable) {
			// Expired, or another visitor's: either way of no further use in this tab.
			forgetStoredToken();
			return null;
		}
		return entry;
	}

	function storeToken(email, identity) {
		var expiresAt = Math.min(Date.parse(identity.expiresAt), Date.now() + TOKEN_LIFETIME_MS);
		if (!(expiresAt > Date.now())) return;
		try {
			window.sessionStorage.setItem(
				STORAGE_KEY,
				JSON.stringify({
					email: email,
					identificationEmail: identity.identificationEmail,
					identificationToken: identity.identificationToken,
					expiresAt: new Date(expiresAt).toISOString(),
				}),
			);
		} catch (error) {
			// Full or disabled storage only costs a webhook call on the next page view.
		}
	}

	// --- the webhook -------------------------------------------------------------------------------

	// The example workflows answer errors with { error, errorCode }; a code nested under error is read too.
	function describeErrorCode(body) {
		var code = body && (body.errorCode || (body.error && body.error.errorCode));
		return typeof code === 'string' ? ' (' + code + ')' : '';
	}

	// A JWT's payload is base64url of UTF-8 JSON; atob gives one character per byte, so bytes are decoded as UTF-8
	// (an email like zoë@exämple.com would otherwise read as zoÃ«@exÃ¤mple.com and never match n8n's answer).
	function decodeBase64UrlUtf8(text) {
		var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
		var binary = window.atob(base64 + '==='.slice((base64.length + 3) % 4));
		var bytes = new Uint8Array(binary.length);
		for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	}

	// Which visitor an ID token names, read without verifying (n8n verifies it): only to pick this tab's stored
	// token, so that another visitor signing in never reuses it.
	function visitorInIdToken(idToken) {
		try {
			var claims = JSON.parse(decodeBase64UrlUtf8(String(idToken).split('.')[1]));
			if (typeof claims.email === 'string') return normalizeEmail(claims.email);
			return typeof claims.sub === 'string' ? 'sub:' + claims.sub : '';
		} catch (error) {
			return '';
		}
	}

	async function askIdToken(options, forceRefresh) {
		var idToken = await options.getIdToken({ forceRefresh: forceRefresh });
		return typeof idToken === 'string' ? idToken.replace(/^Bearer\s+/i, '').trim() : '';
	}

	async function requestToken(options, idToken) {
		var controller = typeof AbortController === 'function' ? new AbortController() : null;
		var timer = setTimeout(function () {
			if (controller) controller.abort();
		}, options.timeoutMs);
		try {
			var response = await fetch(options.webhookUrl, {
				method: 'POST',
				mode: 'cors',
				credentials: 'omit',
				cache: 'no-store',
				headers: idToken
					? { 'Content-Type': 'application/json', Authorization: 'Bearer ' + idToken }
					: { 'Content-Type': 'application/json' },
				body: JSON.stringify(
					idToken
						? { firstName: options.firstName, lastName: options.lastName }
						: { email: options.email, firstName: options.firstName, lastName: options.lastName },
				),
				signal: controller ? controller.signal : undefined,
			});
			var body = await response.json().catch(function () {
				return null;
			});
			if (!response.ok) {
				var failure = new Error('the webhook answered HTTP ' + response.status + describeErrorCode(body));
				failure.status = response.status;
				throw failure;
			}
			var settings = body && body.hsConversationsSettings;
			if (!settings || !settings.identificationEmail || !settings.identificationToken) {
				throw new Error('the webhook answer has no hsConversationsSettings with a token');
			}
			return {
				identificationEmail: String(settings.identificationEmail),
				identificationToken: String(settings.identificationToken),
				expiresAt: body.expiresAt,
			};
		} catch (error) {
			if (error && error.name === 'AbortError') throw new Error('the webhook did not answer within ' + options.timeoutMs + ' ms');
			throw error;
		} finally {
			clearTimeout(timer);
		}
	}

	// Resolves to what the page should tell HubSpot; never rejects, because the chat must load either way.
	// `mine` is the generation that asked: an answer arriving after a later logout or switch belongs to
	// a visitor who has gone, so it is neither kept nor reported as an identification.
	async function findIdentity(options, mine) {
		if (!options.email && !options.getIdToken) return { identified: false, reason: 'no visitor email given' };
		if (!options.webhookUrl) return warned({ identified: false, reason: 'no webhookUrl given' });
		var idToken = '';
		try {
			if (options.getIdToken) idToken = await askIdToken(options, false);
		} catch (error) {
			if (mine !== generation) return superseded();
			return warned({ identified: false, reason: 'getIdToken failed: ' + (error && error.message ? error.message : String(error)) });
		}
		// A later start, switch or logout while the login provider answered: this visitor has gone. Neither the
		// stored token (the new visitor's by now) nor the webhook is theirs to touch.
		if (mine !== generation) return superseded();
		if (options.getIdToken && !idToken) return { identified: false, reason: 'no ID token: the visitor is not signed in' };
		// With an ID token the visitor is whom its claims name (n8n verifies them); this tab's token is kept under that.
		var email = idToken ? visitorInIdToken(idToken) : normalizeEmail(options.email);
		var stored = email ? readStoredToken(email, options.refreshMarginSeconds * 1000) : null;
		if (stored) return { identified: true, source: 'session', identity: stored };
		var identity;
		try {
			try {
				identity = await requestToken(options, idToken);
			} catch (error) {
				// An ID token that expired since the provider handed it out: ask for a fresh one, once.
				if (!idToken || !error || error.status !== 401 || mine !== generation) throw error;
				idToken = await askIdToken(options, true);
				if (mine !== generation) return superseded();
				identity = await requestToken(options, idToken);
			}
		} catch (error) {
			if (mine !== generation) return superseded();
			return warned({ identified: false, reason: error && error.message ? error.message : String(error) });
		}
		if (mine !== generation) return superseded();
		// HubSpot accepts a token only with the email it was made for, and this tab asked for `email`:
		// a token for anyone else is not this visitor's to use, nor to keep. (An ID token without an email
		// claim names its visitor by subject only; n8n took the email from the verified token.)
		var askedForEmail = email.indexOf('sub:') !== 0;
		if (askedForEmail && normalizeEmail(identity.identificationEmail) !== email) {
			return warned({ identified: false, reason: 'the webhook answered with a token for another email than the one asked for' });
		}
		if (email) storeToken(email, identity);
		return { identified: true, source: 'webhook', identity: identity };
	}

	function superseded() {
		return { identified: false, reason: 'superseded: logout(), switchVisitor() or start() was called again before this visitor was identified' };
	}

	// --- consent -----------------------------------------------------------------------------------

	// HubSpot's cookie banner (part of HubSpot's script) reports the visitor's choice to the listeners queued
	// in window._hsp: at once when the choice is known (or the banner is off), otherwise when the visitor
	// makes it. The chat's cookies count as "functionality"; a banner without categories reports `allowed`.
	// The first report decides for this page view (a visitor who changes their mind reloads the page).
	function hubspotBannerConsent() {
		return new Promise(function (resolve) {
			var queue = (window._hsp = window._hsp || []);
			queue.push([
				'addPrivacyConsentListener',
				function (choice) {
					var categories = choice && choice.categories;
					resolve(categories && typeof categories.functionality === 'boolean' ? categories.functionality : Boolean(choice && choice.allowed));
				},
			]);
		});
	}

	// One answer per page: asked once, on the first start(), and reused by switchVisitor(). Until the promise
	// settles nothing of HubSpot's loads (except with HubSpot's own banner, whose script it is) and the webhook
	// is not asked. A rejection, or any answer but true, means no consent: no chat at all on this page.
	var consent = null;

	function consentGiven(options) {
		if (!options.waitForConsent) return Promise.resolve(true);
		if (!consent) {
			var ask = options.waitForConsent === 'hubspot' ? hubspotBannerConsent : options.waitForConsent;
			consent = Promise.resolve()
				.then(function () {
					return ask();
				})
				.then(
					function (answer) {
						return answer === true;
					},
					function (error) {
						warned({ reason: 'waitForConsent failed: ' + (error && error.message ? error.message : String(error)) });
						return false;
					},
				);
		}
		return consent;
	}

	function noConsent() {
		return { identified: false, reason: 'no consent: the chat is not loaded and the webhook is not asked' };
	}

	function warned(found) {
		if (window.console) window.console.warn(LOG_PREFIX + found.reason + (found.identified === false ? '; loading the chat without identification' : ''));
		return found;
	}

	// What start() and switchVisitor() resolve to: no token, so a page may log or show it freely.
	function outcome(found) {
		var result = { identified: found.identified };
		if (found.identified) {
			result.email = found.identity.identificationEmail;
			result.expiresAt = found.identity.expiresAt;
			result.source = found.source;
		} else {
			result.reason = found.reason;
		}
		return result;
	}

	function withDefaults(options) {
		if (!options || !options.portalId) throw new Error(LOG_PREFIX + 'portalId is required');
		return {
			webhookUrl: options.webhookUrl,
			portalId: String(options.portalId),
			eu: Boolean(options.eu),
			email: options.email ? String(options.email).trim() : '',
			getIdToken: typeof options.getIdToken === 'function' ? options.getIdToken : undefined,
			waitForConsent:
				typeof options.waitForConsent === 'function' || options.waitForConsent === 'hubspot' ? options.waitForConsent : undefined,
			firstName: options.firstName || undefined,
			lastName: options.lastName || undefined,
			timeoutMs: options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS,
			refreshMarginSeconds:
				options.refreshMarginSeconds >= 0 ? options.refreshMarginSeconds : DEFAULT_REFRESH_MARGIN_SECONDS,
		};
	}

	// --- public API --------------------------------------------------------------------------------

	// Loads the widget once HubSpot's API is ready, unless a later start, switch or logout took over.
	// After a switch or logout, clear() first drops the previous visitor's chat cookies; resetWidget
	// rebuilds a widget that is already showing, from the settings as they are now.
	function showWidget(mine, afterAnotherVisitor) {
		whenWidgetApiReady(function (api) {
			if (mine !== generation) return;
			if (!afterAnotherVisitor) {
				api.widget.load(); // a no-op if the widget is already loaded
			} else if (widgetIsLoaded(api)) {
				api.clear({ resetWidget: true });
			} else {
				api.clear();
				api.widget.load();
			}
		});
	}

	/** Loads the chat on this page, identified when a token can be had, unidentified otherwise. */
	async function start(options) {
		current = withDefaults(options);
		var mine = ++generation;
		var mode = current;
		// Before the loader exists: otherwise HubSpot loads the widget at once, unidentified.
		applyIdentity(null);
		// HubSpot's own banner is shown by HubSpot's script: it has to load for the visitor to be asked at all.
		// The chat stays held back (loadImmediately is false) until consent and identification.
		if (!mode.waitForConsent || mode.waitForConsent === 'hubspot') injectLoader(mode.portalId, mode.eu);
		if (!(await consentGiven(mode))) return outcome(mine === generation ? noConsent() : superseded());
		if (mine !== generation) return outcome(superseded());
		injectLoader(mode.portalId, mode.eu);

		var found = await findIdentity(current, mine);
		if (mine === generation) {
			applyIdentity(found.identified ? found.identity : null);
			showWidget(mine, false);
		}
		return outcome(found);
	}

	/** Rebuilds the chat for another visitor (after a login, or an account switch). */
	async function switchVisitor(visitor) {
		if (!current) throw new Error(LOG_PREFIX + 'call start() before switchVisitor()');
		forgetStoredToken();
		current = withDefaults(Object.assign({}, current, { email: '', firstName: '', lastName: '' }, visitor));
		var mine = ++generation;
		if (!(await consentGiven(current))) return outcome(mine === generation ? noConsent() : superseded());
		if (mine !== generation) return outcome(superseded());
		var found = await findIdentity(current, mine);
		if (mine === generation) {
			applyIdentity(found.identified ? found.identity : null);
			showWidget(mine, true);
		}
		return outcome(found);
	}

	/** Forgets the visitor: no stored token, no identity, chat cookies cleared, widget rebuilt anonymous. */
	function logout() {
		var mine = ++generation;
		forgetStoredToken();
		applyIdentity(null);
		if (!current) return;
		current = withDefaults(Object.assign({}, current, { email: '', firstName: '', lastName: '' }));
		showWidget(mine, true);
	}

	window.HubspotVisitorIdentification = { start: start, switchVisitor: switchVisitor, logout: logout };
})(window, document);

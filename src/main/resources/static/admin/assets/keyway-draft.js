/*
 * Keyway admin: what an admin typed survives a session that ended (expired, or Sign Out in another tab).
 * Progressive enhancement: without this file the sign-in page says what was sent was not saved, as before.
 *
 * Just before a form is sent (POST, after the page's own checks and the one-submission rule of
 * keyway.js), its values go to this tab's sessionStorage, never a password, a file, a secret, the CSRF
 * token or another hidden field (but the version the form was opened with, so a Save after a change
 * made meanwhile is still told so). The next page decides:
 *  - the sign-in page with ?expired&notSaved: the server did not take the form; the values wait, and
 *    the page says they will come back;
 *  - the page that holds the same form, after signing in again as the same admin: the values are put
 *    back, with a notice that they are NOT saved; the admin presses Save (nothing is sent again here);
 *  - any other answer: the form reached the server (saved, or shown again with its values): forgotten.
 * The values stay in the tab (sessionStorage: this tab, this origin), not on the server and not in a URL,
 * so no node has to keep them and nothing another site posts can fill an admin's form.
 */
(function () {
	'use strict';

	var KEY = 'keyway.formDraft';
	/* Set by Discard them for the reloaded page, which then says so (a reload alone said nothing, focus lost). */
	var DISCARDED = 'keyway.formDraftDiscarded';
	var script = document.currentScript;
	var store;
	try {
		store = window.sessionStorage;
		store.getItem(KEY);
	}
	catch (e) {
		return;
	}

	function read() {
		try {
			var draft = JSON.parse(store.getItem(KEY));
			return (draft && draft.v === 1 && Array.isArray(draft.entries)) ? draft : null;
		}
		catch (e) {
			return null;
		}
	}
	function write(draft) {
		try {
			store.setItem(KEY, JSON.stringify(draft));
		}
		catch (e) {
			// storage full or refused: the server's message stays the only help, as without this file
		}
	}
	function drop() {
		try {
			store.removeItem(KEY);
		}
		catch (e) {
			// nothing kept then
		}
	}

	var csrfMeta = document.querySelector('meta[name="csrf-parameter"]');
	var csrfName = csrfMeta ? csrfMeta.content : '_csrf';
	var SECRET_NAME = /password|secret|passphrase|cryptkey/i;
	var NEVER_KEPT = ['password', 'file', 'submit', 'button', 'reset', 'image'];

	/* A field whose value may be kept: typed by the admin, not secret, not the CSRF token. */
	function kept(field) {
		var type = (field.type || '').toLowerCase();
		if (!field.name || field.matches(':disabled') || field.readOnly || NEVER_KEPT.indexOf(type) >= 0
				|| field.name === csrfName || SECRET_NAME.test(field.name)
				|| field.autocomplete === 'current-password' || field.autocomplete === 'new-password'
				|| (field.closest && field.closest('[data-draft="off"]'))) {
			return false;
		}
		return type !== 'hidden' || field.hasAttribute('data-draft-keep');
	}
	function fieldsOf(form) {
		return Array.prototype.filter.call(form.elements, function (field) {
			return field.name !== undefined && kept(field);
		});
	}
	/* The form's id and where it posts, read as attributes (a field named "action" or "id" hides the properties). */
	function keyOf(form) {
		return (form.getAttribute('id') || '') + ' '
			+ new URL(form.getAttribute('action') || '', window.location.href).pathname;
	}
	function admin() {
		var signOut = document.querySelector('form.signout[data-admin]');
		return signOut ? signOut.getAttribute('data-admin') : null;
	}

	function capture(form) {
		return fieldsOf(form).map(function (field) {
			var type = (field.type || '').toLowerCase();
			if (type === 'checkbox' || type === 'radio') {
				return { n: field.name, v: field.value, c: field.checked };
			}
			if (type === 'select-multiple') {
				return { n: field.name, m: Array.prototype.filter.call(field.options, function (option) {
					return option.selected;
				}).map(function (option) { return option.value; }) };
			}
			return { n: field.name, v: field.value };
		});
	}

	function restore(form, entries) {
		var seen = {};
		fieldsOf(form).forEach(function (field) {
			var type = (field.type || '').toLowerCase();
			if (type === 'checkbox' || type === 'radio') {
				var box = entries.filter(function (e) { return e.n === field.name && e.v === field.value && 'c' in e; })[0];
				if (box) {
					field.checked = box.c;
				}
				return;
			}
			var index = seen[field.name] = (seen[field.name] || 0) + 1;
			var entry = entries.filter(function (e) { return e.n === field.name && !('c' in e); })[index - 1];
			if (!entry) {
				return;
			}
			if (type === 'select-multiple' && entry.m) {
				Array.prototype.forEach.call(field.options, function (option) {
					option.selected = entry.m.indexOf(option.value) >= 0;
				});
			}
			else if (typeof entry.v === 'string') {
				field.value = entry.v;
			}
		});
		// the resource tree: a node with part of its subtree checked shows a dash again
		form.querySelectorAll('.tree li').forEach(function (item) {
			var box = item.querySelector(':scope > label input[type=checkbox]');
			var below = Array.prototype.slice.call(item.querySelectorAll(':scope > ul input[type=checkbox]'));
			if (box && below.length > 0) {
				box.indeterminate = !box.checked && below.some(function (b) { return b.checked; });
			}
		});
		// what depends on a choice (Resource Access: the tree only for Custom) follows it
		form.querySelectorAll('select:not([data-autosubmit])').forEach(function (select) {
			select.dispatchEvent(new Event('change', { bubbles: true }));
		});
	}

	function notice() {
		var box = document.createElement('div');
		box.className = 'message notice draft-restored';
		box.id = 'draft-restored';
		box.setAttribute('role', 'status');
		box.tabIndex = -1;
		var text = document.createElement('span');
		text.textContent = script.getAttribute('data-restored');
		var discard = document.createElement('button');
		discard.type = 'button';
		discard.className = 'button secondary small';
		discard.id = 'draft-discard';
		discard.textContent = script.getAttribute('data-discard');
		discard.addEventListener('click', function () {
			try {
				store.setItem(DISCARDED, '1');
			}
			catch (e) {
				// the page reloads all the same, without the word that it did
			}
			window.location.reload();
		});
		box.append(text, ' ', discard);
		return box;
	}

	/* Sending: after the page's checks and keyway.js's one-submission rule (both ran before this). */
	document.addEventListener('submit', function (event) {
		var form = event.target;
		if (event.defaultPrevented || (form.getAttribute('method') || '').toLowerCase() !== 'post' || form.getAttribute('target')
				|| form.closest('[data-draft="off"]')) {
			return;
		}
		var entries = capture(form);
		if (entries.length === 0) {
			drop();
			return;
		}
		write({ v: 1, state: 'sent', admin: admin(), form: keyOf(form),
			page: form.getAttribute('data-draft-page') || (window.location.pathname + window.location.search),
			entries: entries });
	});

	if (store.getItem(DISCARDED)) {
		store.removeItem(DISCARDED);
		var main = document.getElementById('main');
		if (main && script.getAttribute('data-discarded')) {
			var said = document.createElement('p');
			said.className = 'message notice';
			said.id = 'draft-discarded';
			said.setAttribute('role', 'status');
			said.tabIndex = -1;
			said.textContent = script.getAttribute('data-discarded');
			main.insertBefore(said, main.firstChild);
			said.focus();
		}
	}

	var draft = read();
	if (!draft) {
		return;
	}
	if (document.body.classList.contains('login-page')) {
		var params = new URLSearchParams(window.location.search);
		if (draft.state === 'sent') {
			if (params.has('expired') && params.has('notSaved')) {
				draft.state = 'pending';
				write(draft);
			}
			else {
				drop();
				return;
			}
		}
		var notSaved = document.getElementById('not-saved');
		if (notSaved && notSaved.getAttribute('data-draft-kept')) {
			notSaved.textContent = notSaved.getAttribute('data-draft-kept');
		}
		else if (script.getAttribute('data-kept')) {
			// signing in again failed (a wrong password, say): the values still wait, and the page says so
			var kept = document.createElement('p');
			kept.className = 'message notice';
			kept.id = 'draft-kept';
			kept.textContent = script.getAttribute('data-kept');
			var signIn = document.querySelector('main form');
			signIn.parentNode.insertBefore(kept, signIn);
		}
		return;
	}
	if (draft.state !== 'pending' || (draft.admin && admin() && draft.admin !== admin())) {
		// the form reached the server (saved, or shown again with its values), or another admin signed in
		drop();
		return;
	}
	var form = Array.prototype.filter.call(document.querySelectorAll('main form'), function (candidate) {
		return (candidate.getAttribute('method') || '').toLowerCase() === 'post' && keyOf(candidate) === draft.form;
	})[0];
	if (!form) {
		// kept until the form's page is opened, another form is sent, or the tab is closed
		return;
	}
	restore(form, draft.entries);
	drop();
	var holder = document.getElementById('main') || form.parentNode;
	var shown = notice();
	holder.insertBefore(shown, holder.firstChild);
	shown.focus();
}());

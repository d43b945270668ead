/*
 * Keyway admin: progressive enhancement only. Every page works without this file, except the
 * modal dialogs and the tree's subtree checking; with it: tabs, the resource tree (checking a node
 * checks its subtree, partial state, folding, filter), Custom/All, the form's own check of required
 * fields on a hidden tab, the delete confirmation, dialogs for Activate / Reauthorize, copy buttons,
 * and the handshake popup.
 */
(function () {
	'use strict';

	var dialog = document.getElementById('keyway-dialog');

	/* On a narrow window the menu starts folded. */
	var menu = document.querySelector('.sidebar .menu');
	if (menu && window.matchMedia('(max-width: 860px)').matches) {
		menu.open = false;
	}

	function csrf() {
		var name = document.querySelector('meta[name="csrf-parameter"]');
		var token = document.querySelector('meta[name="csrf-token"]');
		return name && token ? { name: name.content, value: token.content } : null;
	}

	function postTo(action) {
		var form = document.createElement('form');
		form.method = 'post';
		form.action = action;
		var token = csrf();
		if (token) {
			var input = document.createElement('input');
			input.type = 'hidden';
			input.name = token.name;
			input.value = token.value;
			form.appendChild(input);
		}
		document.body.appendChild(form);
		form.submit();
	}

	/* The dialog is named by its heading (or its question): aria-labelledby on the <dialog> itself. */
	function openDialog(content) {
		if (!dialog || typeof dialog.showModal !== 'function') {
			return false;
		}
		dialog.replaceChildren(content);
		var label = content.querySelector('[data-dialog-label]');
		if (label) {
			dialog.setAttribute('aria-labelledby', label.id);
		}
		else {
			dialog.removeAttribute('aria-labelledby');
		}
		dialog.showModal();
		var focus = dialog.querySelector('[autofocus], .button.primary, button, a');
		if (focus) {
			focus.focus();
		}
		dialog.querySelectorAll('[data-close]').forEach(function (close) {
			close.addEventListener('click', function (event) {
				event.preventDefault();
				dialog.close();
			});
		});
		return true;
	}

	/* Delete: "Are you sure ...?" with Cancel / OK, then POST. */
	document.querySelectorAll('[data-confirm][data-post]').forEach(function (link) {
		link.addEventListener('click', function (event) {
			var panel = document.createElement('section');
			panel.className = 'dialog-panel';
			var text = document.createElement('p');
			text.id = 'confirm-text';
			text.setAttribute('data-dialog-label', '');
			text.textContent = link.getAttribute('data-confirm');
			var actions = document.createElement('div');
			actions.className = 'dialog-actions';
			var cancel = document.createElement('button');
			cancel.type = 'button';
			cancel.className = 'button secondary';
			cancel.textContent = link.getAttribute('data-cancel') || 'Cancel';
			cancel.setAttribute('data-close', '');
			var ok = document.createElement('button');
			ok.type = 'button';
			ok.className = 'button danger';
			ok.id = 'confirm-ok';
			ok.textContent = link.getAttribute('data-ok') || 'OK';
			ok.addEventListener('click', function () {
				postTo(link.getAttribute('data-post'));
			});
			actions.append(cancel, ok);
			panel.append(text, actions);
			if (openDialog(panel)) {
				event.preventDefault();
				// a destructive action: the safe choice has the focus (Enter must not delete)
				cancel.focus();
			}
		});
	});

	/* Activate / Reauthorize: the permissions page in a dialog. */
	document.querySelectorAll('a[data-modal]').forEach(function (link) {
		link.addEventListener('click', function (event) {
			if (!dialog || typeof dialog.showModal !== 'function') {
				return;
			}
			event.preventDefault();
			fetch(link.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
				.then(function (response) { return response.text(); })
				.then(function (html) {
					var page = new DOMParser().parseFromString(html, 'text/html');
					var body = page.querySelector('.modal-body');
					if (!body || !openDialog(document.importNode(body, true))) {
						window.location.href = link.href;
					}
				})
				.catch(function () { window.location.href = link.href; });
		});
	});

	/* Tabs: Integration Info / API. */
	document.querySelectorAll('[data-tabs]').forEach(function (tabs) {
		var links = Array.prototype.slice.call(tabs.querySelectorAll('.tab'));
		var panels = links.map(function (link) { return document.getElementById(link.hash.slice(1)); });
		function select(index, focus) {
			links.forEach(function (link, i) {
				link.setAttribute('aria-selected', String(i === index));
				link.setAttribute('tabindex', i === index ? '0' : '-1');
				if (panels[i]) {
					panels[i].hidden = i !== index;
				}
			});
			if (focus) {
				links[index].focus();
			}
		}
		tabs.classList.add('enhanced');
		tabs.querySelector('.tab-list').setAttribute('role', 'tablist');
		links.forEach(function (link, index) {
			link.setAttribute('role', 'tab');
			if (panels[index]) {
				panels[index].setAttribute('role', 'tabpanel');
			}
			link.addEventListener('click', function (event) {
				event.preventDefault();
				select(index, false);
			});
			link.addEventListener('keydown', function (event) {
				if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
					var next = (index + (event.key === 'ArrowRight' ? 1 : links.length - 1)) % links.length;
					select(next, true);
				}
			});
		});
		/* Open the tab that holds the first error, else the first tab. */
		var invalid = tabs.querySelector('.field.invalid');
		var start = 0;
		panels.forEach(function (panel, i) {
			if (invalid && panel && panel.contains(invalid)) {
				start = i;
			}
		});
		select(start, false);
	});

	/* After the server refused a form: focus the first invalid field (its tab is open, see above). */
	var firstInvalid = document.querySelector('main [aria-invalid="true"]');
	if (firstInvalid) {
		firstInvalid.focus();
	}

	/*
	 * Resource tree (issue 12.1). Checking a node checks its subtree; unchecking any resource below a
	 * node unchecks the node, which then shows a dash (indeterminate) while part of its subtree stays
	 * checked. The form posts exactly the checked boxes and the server grants exactly those: what
	 * the admin sees checked is what is saved.
	 */
	function ownBox(item) {
		return item.querySelector(':scope > label input[type=checkbox]');
	}
	function boxesBelow(item) {
		return item.querySelectorAll(':scope > ul input[type=checkbox]');
	}
	function parentItem(item) {
		return item.parentElement ? item.parentElement.closest('.tree li') : null;
	}
	function refreshAncestors(item) {
		for (var current = parentItem(item); current; current = parentItem(current)) {
			var box = ownBox(current);
			var below = Array.prototype.slice.call(boxesBelow(current));
			var any = below.some(function (b) { return b.checked; });
			var all = below.every(function (b) { return b.checked; });
			if (box) {
				box.checked = all;
				box.indeterminate = any && !all;
			}
		}
	}
	document.querySelectorAll('.tree input[type=checkbox]').forEach(function (box) {
		if (box.getAttribute('data-partial') === 'true') {
			box.indeterminate = true;
		}
		box.addEventListener('change', function () {
			var item = box.closest('li');
			boxesBelow(item).forEach(function (child) {
				child.checked = box.checked;
				child.indeterminate = false;
			});
			box.indeterminate = false;
			refreshAncestors(item);
		});
	});

	/* The tree folds: below the first level nodes start collapsed; a filter shows matches and their ancestors. */
	document.querySelectorAll('.resource-tree').forEach(function (container) {
		var template = container.getAttribute('data-toggle-label') || '{0}';
		var collapseAtStart = container.id === 'resource-tree';
		var items = Array.prototype.slice.call(container.querySelectorAll('.tree li'));
		function setExpanded(item, expanded) {
			var toggle = item.querySelector(':scope > .tree-toggle');
			if (toggle) {
				item.classList.toggle('collapsed', !expanded);
				toggle.setAttribute('aria-expanded', String(expanded));
			}
		}
		items.forEach(function (item) {
			if (!item.querySelector(':scope > ul')) {
				return;
			}
			var title = item.querySelector(':scope > label > span');
			var toggle = document.createElement('button');
			toggle.type = 'button';
			toggle.className = 'tree-toggle';
			toggle.setAttribute('aria-label', template.replace('{0}', title ? title.textContent : ''));
			toggle.addEventListener('click', function () {
				setExpanded(item, item.classList.contains('collapsed'));
			});
			item.insertBefore(toggle, item.firstChild);
			setExpanded(item, !collapseAtStart);
		});
		var tools = container.querySelector('[data-tree-tools]');
		if (!tools) {
			return;
		}
		tools.hidden = false;
		tools.querySelector('[data-tree-expand]').addEventListener('click', function () {
			items.forEach(function (item) { setExpanded(item, true); });
		});
		tools.querySelector('[data-tree-collapse]').addEventListener('click', function () {
			items.forEach(function (item) { setExpanded(item, false); });
		});
		var filter = tools.querySelector('[data-tree-filter]');
		var noMatch = tools.querySelector('#tree-no-match');
		function applyFilter() {
			var query = filter.value.trim().toLowerCase();
			container.classList.toggle('filtering', query.length > 0);
			function show(item) {
				var label = item.querySelector(':scope > label');
				var self = query.length === 0 || (label && label.textContent.toLowerCase().indexOf(query) >= 0);
				var below = false;
				item.querySelectorAll(':scope > ul > li').forEach(function (child) {
					below = show(child) || below;
				});
				item.hidden = !(self || below);
				return self || below;
			}
			var any = false;
			container.querySelectorAll(':scope > .tree > li').forEach(function (root) {
				any = show(root) || any;
			});
			if (noMatch) {
				noMatch.hidden = any;
			}
		}
		['input', 'change', 'search'].forEach(function (type) { filter.addEventListener(type, applyFilter); });
	});

	/*
	 * Required fields on a tab that is not shown (issue 12.2): the browser cannot point at a hidden
	 * field, so Save did nothing. Check here instead: open the tab with the first problem, say what
	 * is missing above the form and under each field, and focus the field.
	 */
	function labelOf(field) {
		var label = field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
		var text = label ? (label.querySelector('span') || label).textContent : field.name;
		return text.replace('*', '').trim();
	}
	function showTabOf(element) {
		var panel = element.closest('.tab-panel');
		var tab = panel ? document.querySelector('.tab[href="#' + panel.id + '"]') : null;
		if (tab && panel.hidden) {
			tab.click();
		}
		return tab;
	}
	function fieldError(field, text) {
		var wrapper = field.closest('.field');
		if (!wrapper) {
			return;
		}
		wrapper.classList.add('invalid');
		field.setAttribute('aria-invalid', 'true');
		var error = wrapper.querySelector('.field-error');
		if (!error) {
			error = document.createElement('p');
			error.className = 'field-error';
			error.id = (field.id || field.name) + '-error';
			wrapper.appendChild(error);
		}
		if (!error.id) {
			error.id = (field.id || field.name) + '-error';
		}
		error.textContent = text;
		describedBy(field, error.id, true);
	}
	/* The field's description keeps its note and names its message while there is one. */
	function describedBy(field, id, on) {
		var ids = (field.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (each) {
			return each && each !== id;
		});
		if (on) {
			ids.push(id);
		}
		if (ids.length > 0) {
			field.setAttribute('aria-describedby', ids.join(' '));
		}
		else {
			field.removeAttribute('aria-describedby');
		}
	}
	document.querySelectorAll('#integration-form').forEach(function (form) {
		var banner = document.getElementById('client-errors');
		form.noValidate = true;
		form.addEventListener('submit', function (event) {
			if (event.submitter && event.submitter.formNoValidate) {
				return;
			}
			// the server's rules where the browser's are looser (a store-admin trial: "javascript:…" and
			// "erp@localhost" passed here, then came back from the server one round later)
			function rule(selector, pattern, message) {
				form.querySelectorAll(selector).forEach(function (field) {
					field.setCustomValidity('');
					var value = field.value.trim();
					if (field.validity.valid && value && !pattern.test(value)) {
						field.setCustomValidity(form.getAttribute(message));
					}
				});
			}
			rule('input[type=url]', /^https?:\/\/[^\s\/?#]+/i, 'data-url-rule');
			rule('input[type=email]', /@[^@\s]+\.[^@\s.]+$/, 'data-email-rule');
			var invalid = Array.prototype.filter.call(form.elements, function (field) {
				return field.willValidate && !field.checkValidity();
			});
			if (invalid.length === 0) {
				return;
			}
			event.preventDefault();
			invalid.forEach(function (field) {
				fieldError(field, field.validity.valueMissing
					? form.getAttribute('data-required').replace('{0}', labelOf(field))
					: form.getAttribute('data-invalid').replace('{0}', labelOf(field)).replace('{1}', field.validationMessage));
			});
			var tab = showTabOf(invalid[0]);
			if (banner) {
				banner.textContent = form.getAttribute('data-missing')
					.replace('{0}', tab ? tab.textContent.trim() : '')
					.replace('{1}', invalid.map(labelOf).join(', '));
				banner.hidden = false;
			}
			invalid[0].focus();
		});
	});

	/*
	 * One submission a form (a store-admin trial: a double click on Allow sent two activations; the
	 * second was refused as already active, and the browser showed that refusal instead of the tokens
	 * page, which is shown once). While the page waits for the answer, another submit of the same form
	 * is ignored; the checks above run first (a refused submit never counts). A page the browser shows
	 * again from its cache (Back) may submit again, and so may a page whose answer never came (the
	 * admin stopped the loading): after 10 s, twice the credentials post's default timeout.
	 */
	document.addEventListener('submit', function (event) {
		var form = event.target;
		if (event.defaultPrevented || (form.getAttribute('method') || '').toLowerCase() !== 'post' || form.target) {
			return;
		}
		if (form.hasAttribute('data-submitting')) {
			event.preventDefault();
			return;
		}
		form.setAttribute('data-submitting', '');
		window.setTimeout(function () {
			form.removeAttribute('data-submitting');
		}, 10000);
	});
	window.addEventListener('pageshow', function (event) {
		if (event.persisted) {
			document.querySelectorAll('form[data-submitting]').forEach(function (form) {
				form.removeAttribute('data-submitting');
			});
		}
	});

	/* A field's error goes once the field is edited (issue 12.5): it no longer describes the value. */
	document.addEventListener('input', function (event) {
		var wrapper = event.target.closest ? event.target.closest('.field.invalid') : null;
		if (wrapper && event.target.matches('input, select, textarea')) {
			wrapper.classList.remove('invalid');
			event.target.setAttribute('aria-invalid', 'false');
			wrapper.querySelectorAll('.field-error').forEach(function (error) {
				if (error.id) {
					describedBy(event.target, error.id, false);
				}
				error.remove();
			});
		}
	});

	/* After a wrong password in Show secrets: the field focused and the message in view, by the button. */
	var focusTarget = document.querySelector('[data-focus="true"]');
	if (focusTarget) {
		showTabOf(focusTarget);
		focusTarget.focus({ preventScroll: true });
		var near = document.getElementById('reveal-error') || focusTarget;
		near.scrollIntoView({ block: 'center' });
	}

	/* Resource Access: the tree only matters for Custom. */
	document.querySelectorAll('[data-resource-access]').forEach(function (select) {
		var tree = document.getElementById('resource-tree');
		function update() {
			if (tree) {
				tree.hidden = select.value === 'all';
			}
		}
		select.addEventListener('change', update);
		update();
	});

	/* Page size: change submits. */
	document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
		select.addEventListener('change', function () { select.form.submit(); });
	});

	/*
	 * The tokens page shows the values once (issue 12.9). The browser may keep the page in its
	 * back/forward cache despite no-store: empty the values when leaving, and ask the server again when
	 * the page comes back from that cache (it then says the values were shown and how to see them again).
	 */
	var onceTokens = document.querySelector('[data-tokens-once="true"]');
	if (onceTokens) {
		window.addEventListener('pagehide', function () {
			onceTokens.querySelectorAll('input').forEach(function (input) { input.value = ''; });
		});
		window.addEventListener('pageshow', function (event) {
			if (event.persisted) {
				window.location.reload();
			}
		});
	}

	/*
	 * The Activate / Reauthorize dialog (a page, or in the grid's dialog) and the handshake page are
	 * steps that run once. When the browser brings one back from its back/forward cache (Back after
	 * the step, with the flash message of back then), ask the server again: it shows the step only
	 * while the integration's status allows it, else the grid says where the integration stands.
	 */
	window.addEventListener('pageshow', function (event) {
		if (event.persisted && document.querySelector('[data-reload-on-back]')) {
			window.location.reload();
		}
	});

	/* Copy buttons of "Integration Tokens for Extensions". */
	document.querySelectorAll('[data-copy]').forEach(function (button) {
		button.addEventListener('click', function () {
			var input = document.getElementById(button.getAttribute('data-copy'));
			var label = button.textContent;
			function done() {
				button.textContent = button.getAttribute('data-copied-text') || 'Copied';
				setTimeout(function () { button.textContent = label; }, 1500);
			}
			if (navigator.clipboard && window.isSecureContext) {
				navigator.clipboard.writeText(input.value).then(done);
			} else {
				input.select();
				document.execCommand('copy');
				done();
			}
		});
	});

	/*
	 * Handshake. A browser lets a click open a window, not a page load, so the Allow click itself
	 * opens the popup, on a Keyway page (the identity link is only known once the credentials were
	 * posted); the handshake page that the POST leads to hands the popup the link over a
	 * BroadcastChannel (same origin), and the popup goes there. The popup has no opener (noopener,
	 * noreferrer), so the third party's page cannot navigate this page (reverse tabnabbing);
	 * window.open then returns null whether or not the popup opened, so the handshake page always
	 * says to use the button if no window appeared, and closing the popup cannot be seen either (the
	 * admin uses "I have finished"). Success comes back from the success callback page, also on this
	 * origin, through the same channel.
	 */
	var CHANNEL = 'keyway-handshake';
	var POPUP = 'keyway-identity-link';
	var POPUP_FEATURES = 'noopener,noreferrer,width=760,height=680';
	function channel() {
		return ('BroadcastChannel' in window) ? new BroadcastChannel(CHANNEL) : null;
	}

	/* Allow / Reauthorize of a handshake integration (the button may sit in the dialog). */
	document.addEventListener('click', function (event) {
		var allow = event.target.closest ? event.target.closest('[data-identity-link-popup]') : null;
		if (!allow || allow.tagName !== 'BUTTON' || !('BroadcastChannel' in window)) {
			return;
		}
		// recorded for the browser tests: was the window opened inside the click's user activation?
		document.body.setAttribute('data-popup-opened-in-click',
			String(navigator.userActivation ? navigator.userActivation.isActive : true));
		window.open(allow.getAttribute('data-identity-link-popup'), POPUP, POPUP_FEATURES);
	});

	/* The popup, while Keyway posts the credentials: ask for the link, go there when it comes. */
	var popupFor = document.body.getAttribute('data-identity-link-popup');
	if (popupFor) {
		var popupChannel = channel();
		document.getElementById('identity-link-close').addEventListener('click', function () {
			window.close();
		});
		if (popupChannel) {
			popupChannel.onmessage = function (event) {
				var data = event.data || {};
				if (String(data.integration) !== popupFor) {
					return;
				}
				if (data.type === 'identity-link' && /^https?:/i.test(data.url)) {
					popupChannel.close();
					window.location.replace(data.url);
				}
				else if (data.type === 'handshake-failed') {
					document.getElementById('identity-link-waiting').hidden = true;
					document.getElementById('identity-link-failed').hidden = false;
					window.close();
				}
			};
			popupChannel.postMessage({ type: 'identity-link-wanted', integration: popupFor });
		}
	}

	/* The grid after a failed Allow: the popup waiting for a link is told to close (now, or when it asks). */
	var failed = document.body.getAttribute('data-handshake-failed');
	if (failed) {
		var failedChannel = channel();
		if (failedChannel) {
			var failure = { type: 'handshake-failed', integration: failed };
			failedChannel.onmessage = function (event) {
				var data = event.data || {};
				if (data.type === 'identity-link-wanted' && String(data.integration) === failed) {
					failedChannel.postMessage(failure);
				}
			};
			failedChannel.postMessage(failure);
		}
	}

	/*
	 * The grid saying the integration still waits for the 3rd party ("I have finished" came first; a
	 * store-admin trial): when the 3rd party page does reach the success URL later, the grid asks again
	 * and says it is active, instead of inviting a second Activate.
	 */
	var waiting = document.getElementById('handshake-waiting');
	if (waiting) {
		var waitingChannel = channel();
		if (waitingChannel) {
			waitingChannel.onmessage = function (event) {
				if (event.data === 'keyway:handshake-done') {
					waitingChannel.close();
					window.location.reload();
				}
			};
		}
	}

	var handshake = document.getElementById('handshake');
	if (handshake) {
		var link = handshake.getAttribute('data-identity-link');
		var integration = handshake.getAttribute('data-integration-id');
		var back = handshake.getAttribute('data-return');
		var returned = false;
		function goBack() {
			if (!returned) {
				returned = true;
				window.location.href = back;
			}
		}
		var handshakeChannel = channel();
		if (handshakeChannel) {
			var offer = { type: 'identity-link', integration: integration, url: link };
			handshakeChannel.onmessage = function (event) {
				var data = event.data || {};
				if (data === 'keyway:handshake-done') {
					goBack();
				}
				else if (data.type === 'identity-link-wanted' && String(data.integration) === integration) {
					handshakeChannel.postMessage(offer);
				}
			};
			// the popup may have asked before this page loaded: offer the link now as well
			handshakeChannel.postMessage(offer);
		}
		document.getElementById('popup-hint').hidden = false;
		document.getElementById('open-identity-link').addEventListener('click', function (event) {
			event.preventDefault();
			window.open(link, POPUP, POPUP_FEATURES);
		});
	}

	/* The success callback page, inside the popup: tell the admin page (same origin), then close. */
	if (document.body.hasAttribute('data-login-success')) {
		if ('BroadcastChannel' in window) {
			var done = new BroadcastChannel(CHANNEL);
			done.postMessage('keyway:handshake-done');
			done.close();
		}
		window.close();
	}

	/*
	 * An upload over the server's limit: said here, before it is sent (without this script, the server reads
	 * the whole upload to say the same after it: UploadOverLimit).
	 */
	document.querySelectorAll('form[data-max-upload-bytes]').forEach(function (form) {
		var alert = form.querySelector('#import-too-large');
		form.addEventListener('submit', function (event) {
			var max = Number(form.getAttribute('data-max-upload-bytes'));
			var total = 0;
			var largest = null;
			form.querySelectorAll('input[type=file]').forEach(function (input) {
				Array.prototype.forEach.call(input.files || [], function (file) {
					total += file.size;
					if (!largest || file.size > largest.size) {
						largest = { size: file.size, input: input };
					}
				});
			});
			if (max > 0 && total > max) {
				event.preventDefault();
				var size = (total / 1048576).toFixed(1) + ' MB';
				alert.textContent = form.getAttribute('data-too-large').replace('%size%', size);
				alert.hidden = false;
				largest.input.setAttribute('aria-invalid', 'true');
				largest.input.focus();
			}
			else {
				alert.hidden = true;
			}
		});
	});
	/*
	 * The Callback URL's warning while the admin types, for what is known without DNS: the server's rule at Save
	 * (OutboundPolicy#refusalWithoutDns) for a host written as an IP address (any spelling the browser's URL parser
	 * reads as one) or localhost, non-public and not allowed by keyway.callbacks.allowed-networks. The page carries
	 * the server's blocks and allowed entries; a host name is judged when called, and the Save's warning stays the
	 * authority (NAT64 and 6to4 forms carrying an IPv4 address are left to it).
	 */
	function ipv4(text) {
		var match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
		var bytes = match ? match.slice(1).map(Number) : null;
		return (bytes && bytes.every(function (each) { return each <= 255; })) ? bytes : null;
	}
	function ipv6(text) {
		var halves = text.split('::');
		if (halves.length > 2) {
			return null;
		}
		var head = halves[0] ? halves[0].split(':') : [];
		var tail = (halves.length === 2 && halves[1]) ? halves[1].split(':') : [];
		var last = tail.length ? tail : head;
		if (last.length && last[last.length - 1].indexOf('.') >= 0) {
			var four = ipv4(last.pop());
			if (!four) {
				return null;
			}
			last.push(((four[0] << 8) | four[1]).toString(16), ((four[2] << 8) | four[3]).toString(16));
		}
		var missing = 8 - head.length - tail.length;
		if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) {
			return null;
		}
		var groups = head.concat(new Array(halves.length === 2 ? missing : 0).fill('0'), tail);
		var bytes = [];
		for (var i = 0; i < groups.length; i++) {
			if (!/^[0-9a-f]{1,4}$/i.test(groups[i])) {
				return null;
			}
			var group = parseInt(groups[i], 16);
			bytes.push(group >> 8, group & 255);
		}
		return bytes;
	}
	/* An address as the JDK reads it: an IPv4-mapped IPv6 address is the IPv4 address. */
	function addressOf(text) {
		var bytes = (text.indexOf(':') >= 0) ? ipv6(text) : ipv4(text);
		if (bytes && bytes.length === 16 && bytes.slice(0, 10).every(function (each) { return each === 0; })
				&& bytes[10] === 255 && bytes[11] === 255) {
			return bytes.slice(12);
		}
		return bytes;
	}
	function inRange(cidr, bytes) {
		var slash = cidr.indexOf('/');
		var network = addressOf(slash >= 0 ? cidr.slice(0, slash) : cidr);
		var prefix = (slash >= 0) ? Number(cidr.slice(slash + 1)) : bytes.length * 8;
		if (!network || network.length !== bytes.length) {
			return false;
		}
		for (var bit = 0; bit < prefix; bit++) {
			var mask = 128 >> (bit % 8);
			if ((network[bit >> 3] & mask) !== (bytes[bit >> 3] & mask)) {
				return false;
			}
		}
		return true;
	}
	/* An address's text as the server shows it: an IPv4-mapped IPv6 address as its IPv4 form. */
	function addressText(text, bytes) {
		return (bytes.length === 4 && text.indexOf(':') >= 0) ? bytes.join('.') : text;
	}
	/*
	 * Spellings the browser's URL parser reads otherwise than the server (a leading zero is octal to it and refused
	 * as ambiguous there; a hexadecimal label) and IPv6 prefixes that carry an IPv4 address (NAT64 64:ff9b::/96,
	 * 6to4 2002::/16): the script does not judge them, Save does (a review: it said nothing, as for a public one).
	 */
	function judgedAtSaveOnly(raw, bytes) {
		var host = raw.replace(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@\/?#]*@)?/i, '').split(/[\/?#]/)[0].replace(/:\d*$/, '');
		if (/^\[/.test(host)) {
			return bytes.length === 16 && ((bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b)
				|| (bytes[0] === 0x20 && bytes[1] === 0x02));
		}
		return /(^|\.)0[0-9]|(^|\.)0x/i.test(host);
	}
	document.querySelectorAll('input[data-callback-blocks]').forEach(function (field) {
		var form = field.form;
		var warning = document.getElementById('endpoint-warning');
		var identity = form.querySelector('#identityLinkUrl');
		var webhooks = form.querySelector('#lifecycleWebhooks');
		var blocks = field.getAttribute('data-callback-blocks').split('|').map(function (each) {
			var space = each.indexOf(' ');
			return { cidr: each.slice(0, space), name: each.slice(space + 1) };
		});
		var allowed = (field.getAttribute('data-callback-allowed') || '').split(' ').filter(Boolean);
		// Save's own warning for the URL as rendered: the authority while that URL is unchanged (a review: typing in
		// the Identity link field hid a warning the script cannot make)
		var rendered = field.value;
		var saved = warning.textContent.trim();
		/* The reason Save would give for the typed URL, or null (also when only Save can tell). */
		function refusal(value) {
			var url;
			try {
				url = new URL(value.trim());
			}
			catch (notUrl) {
				return null;
			}
			if (!/^https?:$/.test(url.protocol) || !url.hostname) {
				return null;
			}
			var host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
			if (allowed.indexOf(host) >= 0) {
				return null;
			}
			// localhost: the JDK's own answer, without DNS
			var addresses = (host === 'localhost') ? ['127.0.0.1', '::1'] : [host];
			for (var i = 0; i < addresses.length; i++) {
				var bytes = addressOf(addresses[i]);
				if (!bytes || (host !== 'localhost' && judgedAtSaveOnly(value.trim(), bytes))) {
					return null;
				}
				if (allowed.some(function (entry) { return inRange(entry, bytes); })) {
					continue;
				}
				for (var b = 0; b < blocks.length; b++) {
					if (inRange(blocks[b].cidr, bytes)) {
						var format = field.getAttribute((host === 'localhost') ? 'data-callback-reason-name' : 'data-callback-reason');
						return format.replace('{0}', addressText(addresses[i], bytes)).replace('{1}', blocks[b].name)
							.replace('{2}', blocks[b].cidr).replace('{3}', host);
					}
				}
			}
			return null;
		}
		function judge() {
			var direct = !identity || !identity.value.trim();
			var warned = !(direct && !(webhooks && webhooks.checked));
			var text = '';
			if (warned && saved && field.value === rendered) {
				text = saved;
			}
			else if (warned) {
				var reason = refusal(field.value);
				text = reason ? field.getAttribute(direct ? 'data-callback-refused-direct' : 'data-callback-refused')
					.replace('{0}', reason) : '';
			}
			if (warning.textContent !== text || warning.hidden !== !text) {
				warning.hidden = !text;
				warning.textContent = text;
			}
			describedBy(field, warning.id, Boolean(text));
		}
		field.addEventListener('input', judge);
		if (identity) {
			identity.addEventListener('input', judge);
		}
		if (webhooks) {
			webhooks.addEventListener('change', judge);
		}
	});
}());
